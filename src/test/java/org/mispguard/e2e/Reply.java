package org.mispguard.e2e;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** An HTTP response as the client read it. */
record Reply(int status, Map<String, String> headers, byte[] body) {

  String text() {
    return new String(body, StandardCharsets.UTF_8);
  }

  String header(String name) {
    return headers.get(name.toLowerCase(java.util.Locale.ROOT));
  }
}
