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
 * arrays searched in a line cost less to build and to read than a hash map. The walker asks
 * for many members an element does not have: the names' hashes, compared first, answer most of
 * those questions without looking at a name.
 */
final class Members extends AbstractMap<String, Object> {

  private static final int FIRST_CAPACITY = 4;

  private String[] names = new String[FIRST_CAPACITY];
  private int[] hashes = new int[FIRST_CAPACITY];
  private Object[] values = new Object[FIRST_CAPACITY];
  private int size;

  void add(String name, Object value) {
    if (size == names.length) {
      names = Arrays.copyOf(names, size * 2);
      hashes = Arrays.copyOf(hashes, size * 2);
      values = Arrays.copyOf(values, size * 2);
    }
    names[size] = name;
    hashes[size] = name.hashCode();
    values[size] = value;
    size++;
  }

  private int indexOf(Object key) {
    int hash = key.hashCode();
    for (int i = 0; i < size; i++) {
      if (hashes[i] == hash && names[i].equals(key)) {
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
