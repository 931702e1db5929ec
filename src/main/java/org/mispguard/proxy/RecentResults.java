package org.mispguard.proxy;

import java.util.function.Function;

/**
 * The last two results of a function that depends on its argument alone, for what a connection's
 * requests repeat on each request (the Host header, Accept-Encoding): worked out once instead of
 * on every request. Two, because a reverse listener checks the client's Host and then the
 * upstream's it puts in its place. A call that throws leaves nothing behind. Safe on any thread:
 * each result is an immutable pair published whole.
 */
final class RecentResults<K, V> {

  private record Result<K, V>(K argument, V value) {}

  private final Function<K, V> function;
  private volatile Result<K, V> last;
  private volatile Result<K, V> before;

  RecentResults(Function<K, V> function) {
    this.function = function;
  }

  V of(K argument) {
    Result<K, V> latest = last;
    if (latest != null && latest.argument().equals(argument)) {
      return latest.value();
    }
    Result<K, V> earlier = before;
    if (earlier != null && earlier.argument().equals(argument)) {
      return earlier.value();
    }
    V value = function.apply(argument);
    before = latest;
    last = new Result<>(argument, value);
    return value;
  }
}
