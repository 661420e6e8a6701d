package com.trafficanalytics.events;

import com.google.gson.stream.JsonToken;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The three fields of a line that is, beyond doubt, one flat strict JSON object in ASCII, read in
 * one pass over its bytes; or null from {@link #read} for any other line, which is then decoded
 * and handed to Gson.
 *
 * <p>Real log lines are almost all the same simple shape: one object whose values are strings,
 * numbers and literals. The parse was over half of a local run's CPU (docs/profile.md), and Gson's
 * streaming reader (a reader and a 1,024-character buffer per line, a state machine per token)
 * takes several times as long as this pass on such a line, which reads the line's bytes as the
 * reader holds them: a line it takes is never decoded to a {@code String} (only the three values
 * are). So this reads that shape alone and judges nothing else: a line it does not return goes to
 * Gson, which decides whether it is JSON and what is wrong with it. What it returns is what Gson's
 * walk would have found: it accepts a subset of what Gson's strict mode accepts (checked against
 * Gson on the samples, edge cases and mutated lines in {@code FlatLineTest}).
 *
 * <p>The shape, in bytes from 0x20 to 0x7F (any other byte, so any text beyond ASCII, goes to
 * Gson): optional spaces, <code>&#123;</code>, then zero or more members separated by commas, each
 * a name and a value with optional spaces around the colon and commas, then <code>&#125;</code>
 * and optional spaces to the end. Strings hold only JSON's escapes, and none at all in a name or in
 * the value of one of the three fields (whose text Gson decodes); a number follows JSON's grammar,
 * {@code -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?}; a literal is {@code true}, {@code false}
 * or {@code null}; a value ends at a space, comma or brace. No name appears twice. Anything else
 * (nested values, tabs, a duplicate name, trailing data, any doubt) goes to Gson.
 */
final class FlatLine {
  /** More members than a log line has: such a line goes to Gson, which bounds its own work. */
  private static final int MAX_MEMBERS = 64;

  private final byte[] text;
  private final int end;
  private final EventFields fields = new EventFields();

  /** Whether the string {@link #stringEnd} last read holds an escape. */
  private boolean escaped;

  private FlatLine(byte[] text, int end) {
    this.text = text;
    this.end = end;
  }

  /**
   * The three fields of the line in {@code bytes} from {@code from} to {@code to} (its terminator
   * left out), or null when the line is not of the simple shape.
   */
  static EventFields read(byte[] bytes, int from, int to) {
    FlatLine flat = new FlatLine(bytes, to);
    return flat.scan(from) ? flat.fields : null;
  }

  /** {@link #read(byte[], int, int)} for a line already decoded, as other callers have it. */
  static EventFields read(String line) {
    for (int i = 0, length = line.length(); i < length; i++) {
      if (line.charAt(i) >= 0x80) {
        return null;
      }
    }
    byte[] ascii = line.getBytes(StandardCharsets.US_ASCII);
    return read(ascii, 0, ascii.length);
  }

  private boolean scan(int from) {
    if (!isPrintableAscii(from)) {
      return false;
    }
    int i = spaces(from);
    if (i == end || text[i] != '{') {
      return false;
    }
    i = spaces(i + 1);
    if (i < end && text[i] == '}') {
      return spaces(i + 1) == end;
    }
    // Where each name starts and ends, to find a name given twice.
    int[] names = new int[32];
    int members = 0;
    while (true) {
      // A name.
      if (i == end || text[i] != '"') {
        return false;
      }
      int nameStart = i + 1;
      int nameEnd = stringEnd(nameStart);
      if (nameEnd < 0 || escaped || members == MAX_MEMBERS) {
        return false;
      }
      for (int m = 0; m < 2 * members; m += 2) {
        if (Arrays.equals(text, names[m], names[m + 1], text, nameStart, nameEnd)) {
          return false;
        }
      }
      if (2 * members + 2 > names.length) {
        names = Arrays.copyOf(names, names.length * 2);
      }
      names[2 * members] = nameStart;
      names[2 * members + 1] = nameEnd;
      members++;
      i = spaces(nameEnd + 1);
      if (i == end || text[i] != ':') {
        return false;
      }
      i = spaces(i + 1);
      if (i == end) {
        return false;
      }
      // A value.
      int valueStart = i;
      int valueEnd;
      JsonToken token;
      byte c = text[i];
      escaped = false;
      if (c == '"') {
        token = JsonToken.STRING;
        valueStart = i + 1;
        valueEnd = stringEnd(valueStart);
        if (valueEnd < 0) {
          return false;
        }
        i = valueEnd + 1;
      } else if (c == '-' || (c >= '0' && c <= '9')) {
        token = JsonToken.NUMBER;
        valueEnd = numberEnd(i);
        if (valueEnd < 0) {
          return false;
        }
        i = valueEnd;
      } else if (startsWith(i, "true") || startsWith(i, "false")) {
        token = JsonToken.BOOLEAN;
        valueEnd = i + (c == 't' ? 4 : 5);
        i = valueEnd;
      } else if (startsWith(i, "null")) {
        token = JsonToken.NULL;
        valueEnd = i + 4;
        i = valueEnd;
      } else {
        return false;
      }
      if (i < end && !isDelimiter(text[i])) {
        return false;
      }
      String field = fieldNamed(nameStart, nameEnd);
      if (field != null) {
        if (token == JsonToken.STRING && escaped) {
          return false; // Its text would need decoding: Gson's.
        }
        fields.put(
            field,
            token,
            new String(text, valueStart, valueEnd - valueStart, StandardCharsets.US_ASCII));
      }
      i = spaces(i);
      if (i == end) {
        return false;
      }
      c = text[i];
      if (c == '}') {
        return spaces(i + 1) == end;
      }
      if (c != ',') {
        return false;
      }
      i = spaces(i + 1);
    }
  }

  /** Which of the three fields the name from {@code start} to {@code stop} is, or null if none. */
  private String fieldNamed(int start, int stop) {
    for (String field : EventFields.NAMES) {
      if (field.length() == stop - start && startsWith(start, field)) {
        return field;
      }
    }
    return null;
  }

  /** Whether the line at {@code from} starts with the ASCII {@code word}. */
  private boolean startsWith(int from, String word) {
    if (from + word.length() > end) {
      return false;
    }
    for (int k = 0; k < word.length(); k++) {
      if (text[from + k] != word.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Where the string that starts at {@code from} (after its quote) ends, or -1 when it is not
   * simple: no closing quote, or an escape other than JSON's (<code>\" \\ \/ \b \f \n \r \t
   * </code> and <code>&#92;u</code> with four hex digits). Sets {@link #escaped} when the string
   * holds an escape.
   */
  private int stringEnd(int from) {
    escaped = false;
    for (int i = from; i < end; i++) {
      byte c = text[i];
      if (c == '"') {
        return i;
      }
      if (c == '\\') {
        escaped = true;
        if (++i == end) {
          return -1;
        }
        switch (text[i]) {
          case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> {}
          case 'u' -> {
            if (i + 4 >= end) {
              return -1;
            }
            for (int h = i + 1; h <= i + 4; h++) {
              if (!isHexDigit(text[h])) {
                return -1;
              }
            }
            i += 4;
          }
          default -> {
            return -1;
          }
        }
      }
    }
    return -1;
  }

  /**
   * Whether every byte of the line is printable ASCII, 0x20 to 0x7F: a control character is legal
   * only as whitespace outside strings (tab, CR, LF), which this reader leaves to Gson, and text
   * beyond ASCII is decoded first. A loop with no early exit, which the JIT vectorizes.
   */
  private boolean isPrintableAscii(int from) {
    int outside = 0;
    for (int i = from; i < end; i++) {
      byte b = text[i];
      outside |= (b < 0x20) ? 1 : 0; // Bytes from 0x80 on are negative.
    }
    return outside == 0;
  }

  /** Where the JSON number that starts at {@code from} ends, or -1 if it is not one. */
  private int numberEnd(int from) {
    int i = from;
    if (text[i] == '-') {
      i++;
    }
    if (i == end) {
      return -1;
    }
    if (text[i] == '0') {
      i++;
    } else {
      int digits = digitsEnd(i);
      if (digits == i) {
        return -1;
      }
      i = digits;
    }
    if (i < end && text[i] == '.') {
      int digits = digitsEnd(i + 1);
      if (digits == i + 1) {
        return -1;
      }
      i = digits;
    }
    if (i < end && (text[i] == 'e' || text[i] == 'E')) {
      i++;
      if (i < end && (text[i] == '+' || text[i] == '-')) {
        i++;
      }
      int digits = digitsEnd(i);
      if (digits == i) {
        return -1;
      }
      i = digits;
    }
    return i;
  }

  private int digitsEnd(int from) {
    int i = from;
    while (i < end && text[i] >= '0' && text[i] <= '9') {
      i++;
    }
    return i;
  }

  private int spaces(int from) {
    int i = from;
    while (i < end && text[i] == ' ') {
      i++;
    }
    return i;
  }

  private static boolean isHexDigit(byte c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  private static boolean isDelimiter(byte c) {
    return c == ' ' || c == ',' || c == '}';
  }
}
