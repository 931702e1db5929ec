package org.mispguard.compat;

/**
 * One row of a scenario table: a request between two MISP servers, the documents that cross,
 * and the verdict the guard must reach.
 *
 * @param from         an instance id of the configuration, or a client ip
 * @param to           {@code host}, {@code host:port} or {@code scheme://host:port} (https and 443 by default)
 * @param requestBody  a file of {@code compat/documents/}, or null
 * @param responseBody a file of {@code compat/documents/} the remote answers with (status 200), or null
 * @param userOrgUuid  the X-UserOrgUUID header of the response, or null
 * @param reason       the block reason; for an allowed request, the allowlist notice or null
 */
record Scenario(String name, String from, String to, String method, String path, String requestBody,
    String responseBody, String userOrgUuid, boolean allowed, String reason) {

  @Override
  public String toString() {
    return name;
  }
}
