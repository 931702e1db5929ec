package org.mispguard.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RequestTargetTest {

  @Test
  void originFormIsKeptAsReceived() {
    assertEquals(new RequestTarget(Optional.empty(), -1, "/events/view/x?a=%2e"),
        RequestTarget.parse("/events/view/x?a=%2e").orElseThrow());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "http://misp-b.example/servers/getVersion         | misp-b.example | 80   | /servers/getVersion",
      "HTTP://MISP-B.example:8080/servers/getVersion    | misp-b.example | 8080 | /servers/getVersion",
      "https://misp-b.example/events/add/metadata:1     | misp-b.example | 443  | /events/add/metadata:1",
      "http://[fd00::7]:8080/servers/getVersion         | [fd00::7]      | 8080 | /servers/getVersion",
      "http://misp-b.example                            | misp-b.example | 80   | /",
      "http://misp-b.example?x=1                        | misp-b.example | 80   | /?x=1"
  })
  void absoluteFormIsSplitIntoAuthorityAndPath(String target, String host, int port, String path) {
    assertEquals(new RequestTarget(Optional.of(host), port, path), RequestTarget.parse(target).orElseThrow());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "*",
      "misp-b.example:443",
      "ftp://misp-b.example/x",
      "http://user:pw@misp-b.example/x",
      "http:///x",
      "http://misp-b.example:http/x",
      "http://misp-b.example:/x",
      "http://[fd00::7/x",
      ""
  })
  void otherTargetFormsAreNotParsed(String target) {
    assertEquals(Optional.empty(), RequestTarget.parse(target));
  }
}
