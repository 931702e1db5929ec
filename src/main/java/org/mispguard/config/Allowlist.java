package org.mispguard.config;

import java.util.Set;

/** Full URLs and domains that skip endpoint and body rules (SPEC §4.3). */
public record Allowlist(Set<String> urls, Set<String> domains) {
  public static final Allowlist EMPTY = new Allowlist(Set.of(), Set.of());

  public Allowlist {
    urls = Set.copyOf(urls);
    domains = Set.copyOf(domains);
  }
}
