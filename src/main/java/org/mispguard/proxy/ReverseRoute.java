package org.mispguard.proxy;

/**
 * Where the reverse listener sends requests, and the name it answers to.
 *
 * @param upstream  the one internal MISP server every allowed request goes to
 * @param guardName the host name (or IP) remote MISP servers use in the guard's server URL
 */
record ReverseRoute(Authority upstream, String guardName) {

  static ReverseRoute of(String upstreamHost, int upstreamPort, String guardName) {
    return new ReverseRoute(Authority.parse(hostPart(upstreamHost), upstreamPort),
        Authority.parse(hostPart(guardName), 443).host());
  }

  /** IPv6 literals need their brackets to be read as an authority. */
  private static String hostPart(String host) {
    return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
  }

  boolean namesGuard(Authority host) {
    return host.host().equals(guardName);
  }
}
