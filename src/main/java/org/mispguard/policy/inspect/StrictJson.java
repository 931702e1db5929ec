package org.mispguard.policy.inspect;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a body as strict RFC 8259 JSON in UTF-8 into a lean tree: objects are {@code Map}s
 * ({@link Members}), arrays {@code List}s, strings {@code String}s, numbers {@link JsonNumber}s,
 * booleans {@code Boolean}s, null {@link JsonLiteral#NULL}. Only the members that some rule reads
 * ({@link ReadKeys}) keep their values; the rest become {@link JsonLiteral#SKIPPED}, validated
 * byte by byte without ever becoming Strings, which keeps large events cheap. Every object at
 * every depth is still checked for duplicate keys, because MISP (PHP) keeps the last of them
 * while other readers keep the first: the guard refuses the ambiguity (SPEC §5.3).
 *
 * <p>Member names, a third of a MISP document's strings, are mostly the same few hundred: they
 * are recognised in place as the name expected after the previous one ({@link ExpectedNames}),
 * else looked up by number ({@link KnownNames}), and checked for duplicates by that number.
 */
final class StrictJson {

  /**
   * Told of each element of a kept list as soon as it is read; what it returns takes the
   * element's place in the tree.
   */
  interface ListElements {

    /**
     * @param path by depth from 1: the kept name of the member being read in the object at that
     *     depth (null when the member is not kept), or {@link #LIST} for a list
     * @param depth the depth of the list, so {@code path[depth] == LIST}
     */
    Object read(Object[] path, int depth, Object element);

    /**
     * For a helper reading ahead ({@link ReadAhead}) on another thread, which does not know where
     * in the document it reads: an instance for that thread, whose {@link #foresee} keeps, in place
     * of each element, what {@link #read} would give wherever the element turns out to lie.
     */
    ListElements forHelper();

    /** The helper's instance: what is kept of an element read ahead, in place of the element. */
    Object foresee(Object element);

    /**
     * The reader's instance, taking elements read ahead over: what {@link #read} gives at
     * {@code path} for the element {@code foreseen} was kept of; null when that cannot be said
     * there, so the reader reads the list itself. Non-null only where {@link #read} leaves the
     * lists inside the element as they are (the helper read those without it).
     */
    Object takeOver(Object[] path, int depth, Object foreseen);
  }

  /** The mark of a list in a path. */
  static final Object LIST = new Object();

  static final String INVALID = "invalid JSON body";

  /** Gson's default limit; MISP documents nest a few dozen levels at most. */
  static final int NESTING_LIMIT = 255;

  private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
  private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
  private static final byte[] NULL = {'n', 'u', 'l', 'l'};

  private final byte[] in;
  /** The end of the body in {@code in}; nothing at or after it is read. */
  private final int end;
  /** The end of what may be read now: the end of the body, or of what has arrived of it. */
  private int limit;
  /** Past this position a value is not started before more of the body has arrived. */
  private int refillAt;
  private final ArrivingBody body;
  /** The helper reading the body's later part, or null. */
  private final ReadAhead ahead;
  /** At a list's element from this position on, the reader looks for a stretch read ahead. */
  private int lookAhead;
  /** The deepest nesting read so far. */
  private int deepest;
  private final ReaderScratch scratch;
  private final MemberName name;
  private final RepeatedStrings repeated;
  private final ListElements listElements;
  private final Object[] path;
  private int pos;
  private int depth;

  private StrictJson(ArrivingBody body, ListElements listElements, ReaderScratch scratch) {
    this.scratch = scratch;
    this.name = scratch.name;
    this.repeated = scratch.repeated;
    this.path = scratch.path;
    this.body = body;
    this.in = body.array();
    this.pos = body.start();
    this.end = body.end();
    this.listElements = listElements;
    this.ahead = body.readAhead();
    this.lookAhead = ahead == null ? Integer.MAX_VALUE : 0;
    refill();
  }

  /** Parses the whole body; throws {@link MalformedDocument} for anything but one strict JSON value. */
  static Object parse(byte[] body) {
    return parse(body, 0, body == null ? 0 : body.length);
  }

  /**
   * Parses the body held in {@code array[offset, offset + length)}, reading nothing outside it.
   *
   * @throws IndexOutOfBoundsException when a body that is not empty does not lie within the array
   */
  static Object parse(byte[] array, int offset, int length) {
    // before the array is looked at: an empty body may come as no array at all
    if (length == 0) {
      throw new MalformedDocument("empty message body");
    }
    return parse(ArrivingBody.whole(array, offset, length), null);
  }

  /**
   * Parses a body that may still be arriving, waiting for it where needed. What is read is what a
   * parse of the whole body reads: a value is started only with {@link ArrivingBody#ahead()} bytes
   * (or the rest of the body) after it; a string or a number longer than that, and white space, are
   * read on as more arrives. A literal cut by the end of what has arrived (only possible after that
   * much white space) fails, and so does a body that stops arriving. A failure is the body's own
   * only when {@link ArrivingBody#readToEnd()}.
   */
  static Object parse(ArrivingBody body, ListElements listElements) {
    if (body.length() == 0) {
      throw new MalformedDocument("empty message body");
    }
    ReaderScratch scratch = ReaderScratch.borrow();
    try {
      StrictJson json = new StrictJson(body, listElements, scratch);
      if (json.ahead != null) {
        json.ahead.readerStarted(listElements);
      }
      try {
        Object root = json.value(true);
        json.skipWhitespace();
        if (json.pos != json.end) {
          throw invalid();
        }
        return root;
      } finally {
        if (json.ahead != null) {
          json.ahead.readerDone();
        }
      }
    } finally {
      scratch.giveBack();
    }
  }

  /**
   * The helper of {@link ReadAhead}: reads the elements of a list from {@code stretch.start} (a
   * guess) to the list's closing bracket, in {@code body}, which has arrived whole. Leaves the
   * stretch unread when that is not what is there, or when the reader no longer needs it.
   */
  static ReadAhead.Read readStretch(ArrivingBody body, ReadAhead.Stretch stretch, ReadAhead ahead, ListElements helper) {
    ReaderScratch scratch = ReaderScratch.borrow();
    List<Object> elements = new ArrayList<>();
    try {
      StrictJson json = new StrictJson(ArrivingBody.whole(body.array(), body.start(), body.length()), null, scratch);
      json.pos = stretch.start;
      do {
        if (ahead.pointless(stretch)) {
          return null;
        }
        Object element = json.value(true);
        elements.add(helper == null ? element : helper.foresee(element));
        json.skipWhitespace();
      } while (json.comma());
      return json.peek() == ']' ? new ReadAhead.Read(elements, json.pos, json.deepest) : null;
    } catch (RuntimeException | StackOverflowError notThere) {
      // the reader reads it, if it gets there
      return null;
    } finally {
      scratch.giveBack();
    }
  }

  static MalformedDocument invalid() {
    return new MalformedDocument(INVALID);
  }

  private Object value(boolean keep) {
    if (pos > refillAt) {
      refill();
    }
    skipWhitespace();
    switch (peek()) {
      case '{':
        return object(keep);
      case '[':
        return array(keep);
      case '"':
        return string(keep);
      case 't':
        return literal(TRUE, Boolean.TRUE, keep);
      case 'f':
        return literal(FALSE, Boolean.FALSE, keep);
      case 'n':
        return literal(NULL, JsonLiteral.NULL, keep);
      case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
        return number(keep);
      default:
        throw invalid();
    }
  }

  private Object object(boolean keep) {
    DistinctKeys keys = enter();
    ExpectedNames expected = scratch.expected(depth);
    expected.startObject();
    Members members = keep ? new Members() : null;
    pos++;
    skipWhitespace();
    if (peek() != '}') {
      do {
        if (pos > refillAt) {
          refill();
        }
        skipWhitespace();
        String name = key(keys, expected, keep);
        skipWhitespace();
        expect(':');
        path[depth] = name;
        Object value = value(name != null);
        if (name != null) {
          members.add(name, value);
        }
        skipWhitespace();
      } while (comma());
      expect('}');
    } else {
      pos++;
    }
    keys.clear();
    depth--;
    return keep ? members : JsonLiteral.SKIPPED;
  }

  /**
   * Reads one member name and refuses it if the object already had it; escaped names are compared
   * by what they decode to.
   *
   * @return the name when it is kept (a read member of a kept object), else null
   */
  private String key(DistinctKeys keys, ExpectedNames expected, boolean keep) {
    if (peek() != '"') {
      throw invalid();
    }
    int start = pos + 1;
    int known = expected.match(in, start, limit);
    if (known >= 0) {
      pos = start + KnownNames.length(known) + 1;
      if (!keys.addKnown(known)) {
        throw duplicate(KnownNames.text(known));
      }
      return keep ? ReadKeys.readName(known) : null;
    }
    readName(start);
    known = KnownNames.number(name);
    expected.learn(known);
    if (known >= 0 ? !keys.addKnown(known) : !keys.add(name)) {
      throw duplicate(name.toString());
    }
    return keep ? ReadKeys.find(known, name) : null;
  }

  /** Reads the name that starts at {@code start} into {@link #name}, escapes resolved. */
  private void readName(int start) {
    int close = JsonStrings.plainEnd(in, start, limit);
    if (close < limit && in[close] == '"') {
      name.set(in, start, close - start, limit);
    } else {
      close = stringEnd(close);
      if (JsonStrings.indexOfBackslash(in, start, close) >= 0) {
        byte[] decoded = JsonStrings.decode(in, start, close).getBytes(StandardCharsets.UTF_8);
        name.set(decoded, 0, decoded.length, decoded.length);
      } else {
        name.set(in, start, close - start, limit);
      }
    }
    pos = close + 1;
  }

  private static MalformedDocument duplicate(String name) {
    return new MalformedDocument("duplicate key: " + ControlCharacters.strip(name));
  }

  private Object array(boolean keep) {
    enter();
    pos++;
    skipWhitespace();
    if (peek() == ']') {
      pos++;
      depth--;
      // most lists of an event are empty (an attribute's Galaxy and ShadowAttribute): share one
      return keep ? List.of() : JsonLiteral.SKIPPED;
    }
    List<Object> elements = keep ? new ArrayList<>() : null;
    path[depth] = LIST;
    do {
      if (pos >= lookAhead) {
        skipWhitespace();
        if (takeOver(keep, elements)) {
          break;
        }
      }
      Object element = value(keep);
      if (keep) {
        elements.add(listElements == null ? element : listElements.read(path, depth, element));
      }
      skipWhitespace();
    } while (comma());
    expect(']');
    depth--;
    return keep ? elements : JsonLiteral.SKIPPED;
  }

  /**
   * At the start of a list's element: takes over the rest of the list when the helper read it from
   * here, as this reader would have read it, nesting limit included.
   *
   * @return whether the list was read to its closing bracket, where the reader now is
   */
  private boolean takeOver(boolean keep, List<Object> elements) {
    ReadAhead.Stretch stretch = ahead.at(pos);
    lookAhead = ahead.nextLook(pos);
    if (stretch == null) {
      return false;
    }
    ReadAhead.Read read = stretch.read();
    // read for a reader that does something else with each element: not as this reader reads
    if (read == null || depth + read.depth() > NESTING_LIMIT || stretch.foreseen != (listElements != null)) {
      return false;
    }
    if (keep && listElements != null) {
      List<Object> taken = new ArrayList<>(read.elements().size());
      for (Object foreseen : read.elements()) {
        Object element = listElements.takeOver(path, depth, foreseen);
        if (element == null) {
          return false;
        }
        taken.add(element);
      }
      elements.addAll(taken);
    } else if (keep) {
      elements.addAll(read.elements());
    }
    pos = read.end();
    ahead.took();
    return true;
  }

  /** One level deeper; the key set of that level, reused by every object there (and every body read on this thread). */
  private DistinctKeys enter() {
    if (++depth > NESTING_LIMIT) {
      throw invalid();
    }
    if (depth > deepest) {
      deepest = depth;
    }
    return scratch.keys(depth);
  }

  private boolean comma() {
    if (peek() == ',') {
      pos++;
      return true;
    }
    return false;
  }

  private void expect(char expected) {
    if (peek() != expected) {
      throw invalid();
    }
    pos++;
  }

  private Object string(boolean keep) {
    int start = pos + 1;
    int stop = JsonStrings.plainEnd(in, start, limit);
    if (stop < limit && in[stop] == '"') {
      pos = stop + 1;
      return keep ? plain(start, stop - start) : JsonLiteral.SKIPPED;
    }
    int close = stringEnd(stop);
    pos = close + 1;
    return keep ? JsonStrings.decode(in, start, close) : JsonLiteral.SKIPPED;
  }

  /**
   * The closing quote of the string whose text goes on at {@code from}. A string longer than what
   * has arrived (attachment data, a long report) is read on as the body arrives: where it runs into
   * the edge, the reader waits for the next stretch and goes on from the last whole character.
   */
  private int stringEnd(int from) {
    int close = JsonStrings.endOrCut(in, from, limit, end);
    while (close < 0) {
      // the wait is for the stretch after where the string goes on
      pos = -1 - close;
      if (!more()) {
        throw invalid();
      }
      close = JsonStrings.endOrCut(in, pos, limit, end);
    }
    return close;
  }

  /** A string of plain ASCII: each byte is its character, nothing to decode. */
  private String plain(int start, int length) {
    return length <= RepeatedStrings.LONGEST
        ? repeated.of(in, start, length, limit)
        : new String(in, start, length, StandardCharsets.ISO_8859_1);
  }

  private Object literal(byte[] word, Object value, boolean keep) {
    if (pos + word.length > limit) {
      throw invalid();
    }
    // byte by byte: for four or five bytes a library comparison costs more than the comparing
    for (byte expected : word) {
      if (in[pos++] != expected) {
        throw invalid();
      }
    }
    return keep ? value : JsonLiteral.SKIPPED;
  }

  /** RFC 8259: {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?}, kept as its literal text. */
  private Object number(boolean keep) {
    int start = pos;
    if (peek() == '-') {
      pos++;
    }
    if (peek() == '0') {
      pos++;
    } else {
      digits();
    }
    if (peek() == '.') {
      pos++;
      digits();
    }
    int exponent = peek();
    if (exponent == 'e' || exponent == 'E') {
      pos++;
      int sign = peek();
      if (sign == '+' || sign == '-') {
        pos++;
      }
      digits();
    }
    return keep ? new JsonNumber(new String(in, start, pos - start, StandardCharsets.ISO_8859_1)) : JsonLiteral.SKIPPED;
  }

  /** One or more decimal digits. */
  private void digits() {
    int start = pos;
    do {
      while (pos < limit && in[pos] >= '0' && in[pos] <= '9') {
        pos++;
      }
    } while (pos == limit && more());
    if (pos == start) {
      throw invalid();
    }
  }

  private void skipWhitespace() {
    // a compact body has none: every white space byte is at most a space
    if (pos < limit && (in[pos] & 0xff) > ' ') {
      return;
    }
    do {
      while (pos < limit) {
        byte b = in[pos];
        if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
          return;
        }
        pos++;
      }
    } while (more());
  }

  /** The byte at {@link #pos}, waiting for it when it has not arrived yet; -1 past the end of the body. */
  private int peek() {
    return pos < limit ? in[pos] & 0xff : pos < end && more() ? in[pos] & 0xff : -1;
  }

  /** @return whether more of the body can be read now, having waited for it if needed */
  private boolean more() {
    if (limit == end) {
      return false;
    }
    int before = limit;
    refill();
    return limit > before;
  }

  /**
   * Reads on to what has arrived, so that at least {@link ArrivingBody#ahead()} bytes (or the rest
   * of the body) lie after the current position, and at least one more than before, when they come.
   */
  private void refill() {
    // one more: a string that ran into the edge goes on from a character shortly before it
    limit = body.await(Math.max(pos + body.ahead(), limit + 1));
    refillAt = limit == end ? Integer.MAX_VALUE : limit - body.ahead();
  }
}
