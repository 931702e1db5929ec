package org.mispguard.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mispguard.policy.Verdict;

/** Every refusal the guard words has its class; what a client sent never picks one. */
class RefusalClassTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
      endpoint not allowed                                                      | endpoint
      method override header not allowed: X-HTTP-Method-Override               | endpoint
      form data not allowed: CakePHP reads a _method field in it as the request method | endpoint
      ambiguous request path: dot segment                                       | path
      source host 10.0.0.9 does not exist in instances hosts mapping            | source
      source host 10.0.0.9 is not in allowed_clients                            | source
      destination host evil.example does not exist in instances hosts mapping   | destination
      destination port is not allowed                                           | destination
      destination is the guard's own admin listener                             | destination
      request target does not match the destination                             | destination
      cannot reach compartment                                                  | compartment
      event has blocked tag: tlp:red                                            | tag
      attribute with a blocked tag: tlp:red. blocked by rule: no-red            | tag
      galaxy cluster has blocked tag: misp-galaxy:threat-actor=APT-X            | tag
      event has blocked distribution level: 0                                   | distribution
      analyst data has blocked distribution level: 0                            | distribution
      event report has blocked distribution level: 0                            | distribution
      object has malformed distribution level: 9                                | distribution
      object with a blocked sharing group uuid: 5b6e9a4c-2f1d-4c8e-9a7b-3d2e1f0a9b8c | sharing_group
      attribute with a blocked type: passport-number                            | attribute_type
      object with a blocked type: person                                        | object_type
      attribute with a blocked category: Person                                 | attribute_category
      event is missing required taxonomy: tlp                                   | required_taxonomy
      attribute is missing required taxonomies                                  | required_taxonomy
      user with organisation uuid: abc (X-UserOrgUUID) not in sharing group     | user_org
      {'minimal': 1, 'published': 1} is required for /events/index requests     | index_query
      invalid JSON body                                                         | invalid_json
      empty message body                                                        | invalid_json
      duplicate key: distribution                                               | invalid_json
      no `Event` property in request body                                       | document
      Attribute is not a list                                                   | document
      attribute has no type                                                     | document
      unsupported Content-Encoding: compress                                    | encoding
      malformed gzip request body                                               | encoding
      response body exceeds the limit of 1024 bytes                             | body_size
      exactly one Host header is required                                       | host_header
      Host header does not name this server                                     | host_header
      not a proxy request: use http://HOST/PATH or CONNECT                      | request_target
      CONNECT is not accepted by the reverse proxy                              | request_target
      a GET request must not carry a body                                       | framing
      malformed request                                                         | framing
      malformed Content-Length                                                  | framing
      unsupported expectation: Expect: 200-ok                                   | framing
      malformed response framing                                                | framing
      pipelined request: send the next request after the response               | framing
      cannot reach the upstream server                                          | upstream
      cannot resolve the upstream server's name                                 | upstream
      unexpected error, rejecting response                                      | internal
      internal error                                                            | internal
      """)
  void theGuardsOwnWordingIsClassified(String reason, String label) {
    assertEquals(label, RefusalClass.of(Verdict.block(reason)).label());
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({"407, authentication", "413, body_size", "503, unavailable", "504, upstream"})
  void someStatusesSayTheClassWhateverTheWording(int status, String label) {
    assertEquals(label, RefusalClass.of(Verdict.refuse(status, "any words")).label());
  }

  @Test
  void aTagNamedLikeAnotherReasonIsStillATag() {
    assertEquals(RefusalClass.TAG, RefusalClass.of("event has blocked tag: endpoint not allowed"));
    assertEquals(RefusalClass.TAG, RefusalClass.of("attribute with a blocked tag: x is not a list"));
    assertEquals(RefusalClass.ATTRIBUTE_TYPE, RefusalClass.of("attribute with a blocked type: internal error"));
  }

  @Test
  void unknownWordingIsOtherAndOnlyGuardOrUpstreamFailuresAreErrors() {
    assertEquals(RefusalClass.OTHER, RefusalClass.of("something new"));
    assertTrue(RefusalClass.UPSTREAM.isError() && RefusalClass.UNAVAILABLE.isError() && RefusalClass.INTERNAL.isError());
    assertEquals(3, Arrays.stream(RefusalClass.values()).filter(RefusalClass::isError).count());
  }

  @Test
  void labelsAreShortLowerCaseWords() {
    for (RefusalClass refusal : RefusalClass.values()) {
      assertTrue(refusal.label().matches("[a-z_]{3,20}"), refusal.label());
    }
  }
}
