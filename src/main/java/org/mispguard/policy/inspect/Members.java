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
 * event keeps a handful of members (an attribute about six of its twenty), for which one short
 * array of names and values, searched in a line, costs less to build and to read than a hash
 * map, and keeps an event's tree small (the walker reads it after the whole body is parsed).
 * Read names are always the very String objects of {@link ReadKeys#NAMES}, as are the walker's
 * literal names; which of them an object has is one mark each, so that the many questions for a
 * member an element lacks are answered without a search.
 */
final class Members extends AbstractMap<String, Object> {

  /** Enough for an attribute's kept members without growing. */
  private static final int FIRST_CAPACITY = 8;

  /** Name, value, name, value... */
  private Object[] slots = new Object[2 * FIRST_CAPACITY];
  private int size;
  /** Bit n: the read name number n is a member. */
  private long readNames;

  /** @param name a read name (that very String object, see {@link ReadKeys#numberOf}) or a digit name */
  void add(String name, Object value) {
    int number = ReadKeys.numberOf(name);
    if (number >= 0) {
      readNames |= 1L << number;
    }
    if (2 * size == slots.length) {
      slots = Arrays.copyOf(slots, 2 * slots.length);
    }
    slots[2 * size] = name;
    slots[2 * size + 1] = value;
    size++;
  }

  private int indexOf(Object key) {
    int number = ReadKeys.numberOf(key);
    if (number >= 0) {
      if ((readNames & 1L << number) == 0) {
        return -1;
      }
      for (int i = 0; i < size; i++) {
        if (slots[2 * i] == key) {
          return i;
        }
      }
    }
    for (int i = 0; i < size; i++) {
      if (slots[2 * i].equals(key)) {
        return i;
      }
    }
    return -1;
  }

  private String name(int index) {
    return (String) slots[2 * index];
  }

  private Object value(int index) {
    return slots[2 * index + 1];
  }

  @Override
  public Object get(Object key) {
    int index = indexOf(key);
    return index < 0 ? null : value(index);
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
            Entry<String, Object> entry = Map.entry(name(next), value(next));
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
