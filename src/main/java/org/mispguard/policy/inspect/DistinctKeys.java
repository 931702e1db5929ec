package org.mispguard.policy.inspect;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The keys seen so far in one JSON object. MISP objects have a few dozen keys at most, for which
 * comparing against a short list beats hashing every freshly read name; large objects switch to
 * a hash set so that a hostile body cannot make the check quadratic.
 */
final class DistinctKeys {

  private static final int LINEAR_LIMIT = 24;

  private final List<String> few = new ArrayList<>(LINEAR_LIMIT);
  private final Set<String> many = new HashSet<>();

  /** @return false when the key was already seen */
  boolean add(String key) {
    if (!many.isEmpty()) {
      return many.add(key);
    }
    for (int i = 0; i < few.size(); i++) {
      if (few.get(i).equals(key)) {
        return false;
      }
    }
    few.add(key);
    if (few.size() > LINEAR_LIMIT) {
      many.addAll(few);
    }
    return true;
  }

  void clear() {
    few.clear();
    if (!many.isEmpty()) {
      many.clear();
    }
  }
}
