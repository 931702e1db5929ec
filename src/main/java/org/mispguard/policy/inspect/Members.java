package org.mispguard.policy.inspect;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The kept members of one JSON object, in document order, read-only once read. An object of an
 * event keeps a handful of members (an attribute about six of its twenty), for which two short
 * arrays searched in a line cost less to build and to read than a hash map. Read names are
 * always the same String objects ({@link ReadKeys#NAMES}), as are the walker's literal names, so
 * most look-ups match on identity.
 */
final class Members extends AbstractMap<String, Object> {

  private String[] names = new String[4];
  private Object[] values = new Object[4];
  private int size;

  void add(String name, Object value) {
    if (size == names.length) {
      names = Arrays.copyOf(names, size * 2);
      values = Arrays.copyOf(values, size * 2);
    }
    names[size] = name;
    values[size] = value;
    size++;
  }

  private int indexOf(Object key) {
    for (int i = 0; i < size; i++) {
      if (names[i] == key) {
        return i;
      }
    }
    for (int i = 0; i < size; i++) {
      if (names[i].equals(key)) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public Object get(Object key) {
    int index = indexOf(key);
    return index < 0 ? null : values[index];
  }

  @Override
  public boolean containsKey(Object key) {
    return indexOf(key) >= 0;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public boolean isEmpty() {
    return size == 0;
  }

  @Override
  public Set<Entry<String, Object>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public Iterator<Entry<String, Object>> iterator() {
        return new Iterator<>() {
          private int next;

          @Override
          public boolean hasNext() {
            return next < size;
          }

          @Override
          public Entry<String, Object> next() {
            if (next >= size) {
              throw new NoSuchElementException();
            }
            Entry<String, Object> entry = Map.entry(names[next], values[next]);
            next++;
            return entry;
          }
        };
      }

      @Override
      public int size() {
        return size;
      }
    };
  }
}
