package org.mispguard.tls;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * A least-recently-used map whose values are computed once per key even when many threads ask
 * for a missing key at the same moment; a failed computation is forgotten so the next ask retries.
 */
final class BoundedCache<K, V> {

  /** Computes the value of a key; may fail with any exception. */
  @FunctionalInterface
  interface Loader<K, V> {
    V load(K key) throws Exception;
  }

  private final Map<K, FutureTask<V>> entries;
  private final Loader<K, V> loader;

  BoundedCache(int capacity, Loader<K, V> loader) {
    this.loader = loader;
    this.entries = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<K, FutureTask<V>> eldest) {
        return size() > capacity;
      }
    };
  }

  /**
   * @throws IllegalStateException when the loader fails (its exception as cause), RuntimeExceptions as they are
   */
  V get(K key) {
    FutureTask<V> task;
    boolean mine = false;
    synchronized (entries) {
      task = entries.get(key);
      if (task == null) {
        task = new FutureTask<>(() -> loader.load(key));
        entries.put(key, task);
        mine = true;
      }
    }
    if (mine) {
      task.run();
    }
    try {
      return task.get();
    } catch (ExecutionException e) {
      forget(key, task);
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for " + key, e);
    }
  }

  /** Drops the entry of a key if it still holds {@code value}, so the next get computes afresh. */
  void forget(K key, V value) {
    synchronized (entries) {
      FutureTask<V> task = entries.get(key);
      if (task != null && task.isDone() && !task.isCancelled() && valueOf(task) == value) {
        entries.remove(key);
      }
    }
  }

  int size() {
    synchronized (entries) {
      return entries.size();
    }
  }

  private void forget(K key, FutureTask<V> task) {
    synchronized (entries) {
      entries.remove(key, task);
    }
  }

  private static <V> V valueOf(FutureTask<V> done) {
    try {
      return done.get();
    } catch (ExecutionException | InterruptedException e) {
      return null;
    }
  }
}
