package org.mispguard.bench;

import java.nio.charset.StandardCharsets;

/** Compact JSON text, written front to back; just enough for MISP documents. */
final class JsonWriter {

  private final StringBuilder out;
  private boolean needsComma;

  JsonWriter(int capacity) {
    out = new StringBuilder(capacity);
  }

  JsonWriter beginObject() {
    separate();
    return open('{');
  }

  JsonWriter beginObject(String name) {
    name(name);
    return open('{');
  }

  JsonWriter beginArray(String name) {
    name(name);
    return open('[');
  }

  JsonWriter endObject() {
    return close('}');
  }

  JsonWriter endArray() {
    return close(']');
  }

  JsonWriter string(String name, String value) {
    name(name);
    if (value == null) {
      out.append("null");
    } else {
      quote(value);
    }
    needsComma = true;
    return this;
  }

  JsonWriter bool(String name, boolean value) {
    name(name);
    out.append(value);
    needsComma = true;
    return this;
  }

  JsonWriter number(String name, long value) {
    name(name);
    out.append(value);
    needsComma = true;
    return this;
  }

  byte[] bytes() {
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  private JsonWriter open(char bracket) {
    out.append(bracket);
    needsComma = false;
    return this;
  }

  private JsonWriter close(char bracket) {
    out.append(bracket);
    needsComma = true;
    return this;
  }

  private void name(String name) {
    separate();
    quote(name);
    out.append(':');
  }

  private void separate() {
    if (needsComma) {
      out.append(',');
    }
  }

  private void quote(String text) {
    out.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
