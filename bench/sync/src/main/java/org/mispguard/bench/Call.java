package org.mispguard.bench;

/** A sync request as a scenario repeats it: GET without a body, POST with one; the status and size it should get. */
record Call(String path, byte[] body, int expectedStatus, long expectedBytes) {

  static Call get(String path, int expectedStatus, long expectedBytes) {
    return new Call(path, null, expectedStatus, expectedBytes);
  }

  static Call post(String path, byte[] body, int expectedStatus) {
    return new Call(path, body, expectedStatus, -1);
  }

  /** Why an outcome is not what this call should get, or null when it is. */
  String mismatch(SyncPath.Outcome outcome) {
    if (outcome.status() != expectedStatus) {
      return "status " + outcome.status();
    }
    if (expectedBytes >= 0 && outcome.bytes() != expectedBytes) {
      return "body of " + outcome.bytes() + " bytes, expected " + expectedBytes;
    }
    return null;
  }
}
