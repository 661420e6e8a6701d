package com.trafficanalytics.events;

import com.google.gson.stream.JsonToken;
import java.util.Arrays;

/**
 * The three fields of a line that is, beyond doubt, one flat strict JSON object, read in one pass
 * over its characters; or null from {@link #read} for any other line, which {@link EventParser}
 * then hands to Gson.
 *
 * <p>Real log lines are almost all the same simple shape: one object whose values are strings,
 * numbers and literals. The parse was over half of a local run's CPU (docs/profile.md), and
 * Gson's streaming reader (a reader and a 1,024-character buffer per line, a state machine per
 * token) takes about 2.5 times as long as this pass on such a line. So this reads that shape alone
 * and judges nothing else: a line it does not return goes to Gson, which decides whether it is
 * JSON and what is wrong with it. What it returns is what Gson's walk would have found: it accepts
 * a subset of what Gson's strict mode accepts (checked against Gson on the samples, edge cases and
 * mutated lines in {@code FlatLineTest}).
 *
 * <p>The shape: optional spaces, <code>&#123;</code>, then zero or more members separated by
 * commas, each a name and a value with optional spaces around the colon and commas, then <code>
 * &#125;</code> and optional spaces to the end. A name or string holds no character below U+0020 and only JSON's escapes
 * (none at all in a name, or in the value of one of the three fields, whose text Gson decodes); a
 * number follows JSON's grammar, {@code -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?}; a
 * literal is {@code true}, {@code false} or {@code null}; a value ends at a space, comma or
 * brace. No name appears twice. Anything else (nested values, tabs, a duplicate name, trailing
 * data, any doubt) goes to Gson.
 */
final class FlatLine {
  /** More members than a log line has: such a line goes to Gson, which bounds its own work. */
  private static final int MAX_MEMBERS = 64;

  private final EventFields fields = new EventFields();

  /** Whether the string {@link #stringEnd} last read holds an escape. */
  private boolean escaped;

  /** Where the next backslash at or after the current string is, or -1 when none is left. */
  private int nextBackslash;

  private FlatLine() {}

  /** The line's three fields, or null when the line is not of the simple shape. */
  static EventFields read(String line) {
    FlatLine flat = new FlatLine();
    return flat.scan(line) ? flat.fields : null;
  }

  private boolean scan(String line) {
    if (hasControlCharacter(line)) {
      return false;
    }
    int length = line.length();
    nextBackslash = line.indexOf('\\');
    int i = spaces(line, 0);
    if (i == length || line.charAt(i) != '{') {
      return false;
    }
    i = spaces(line, i + 1);
    if (i < length && line.charAt(i) == '}') {
      return spaces(line, i + 1) == length;
    }
    // Where each name starts and ends, to find a name given twice.
    int[] names = new int[32];
    int members = 0;
    while (true) {
      // A name.
      if (i == length || line.charAt(i) != '"') {
        return false;
      }
      int nameStart = i + 1;
      int nameEnd = stringEnd(line, nameStart);
      if (nameEnd < 0 || escaped || members == MAX_MEMBERS) {
        return false;
      }
      int nameLength = nameEnd - nameStart;
      // Compared by length first: whole names only when those agree.
      for (int m = 0; m < 2 * members; m += 2) {
        if (names[m + 1] - names[m] == nameLength
            && line.regionMatches(names[m], line, nameStart, nameLength)) {
          return false;
        }
      }
      if (2 * members + 2 > names.length) {
        names = Arrays.copyOf(names, names.length * 2);
      }
      names[2 * members] = nameStart;
      names[2 * members + 1] = nameEnd;
      members++;
      i = spaces(line, nameEnd + 1);
      if (i == length || line.charAt(i) != ':') {
        return false;
      }
      i = spaces(line, i + 1);
      if (i == length) {
        return false;
      }
      // A value.
      int valueStart = i;
      JsonToken token;
      int valueEnd;
      char c = line.charAt(i);
      escaped = false;
      if (c == '"') {
        token = JsonToken.STRING;
        int end = stringEnd(line, i + 1);
        if (end < 0) {
          return false;
        }
        valueStart = i + 1;
        valueEnd = end;
        i = end + 1;
      } else if (c == '-' || (c >= '0' && c <= '9')) {
        token = JsonToken.NUMBER;
        valueEnd = numberEnd(line, i);
        if (valueEnd < 0) {
          return false;
        }
        i = valueEnd;
      } else if (line.startsWith("true", i) || line.startsWith("false", i)) {
        token = JsonToken.BOOLEAN;
        valueEnd = i + (c == 't' ? 4 : 5);
        i = valueEnd;
      } else if (line.startsWith("null", i)) {
        token = JsonToken.NULL;
        valueEnd = i + 4;
        i = valueEnd;
      } else {
        return false;
      }
      if (i < length && !isDelimiter(line.charAt(i))) {
        return false;
      }
      String field = fieldNamed(line, nameStart, nameLength);
      if (field != null) {
        if (token == JsonToken.STRING && escaped) {
          return false; // Its text would need decoding: Gson's.
        }
        fields.put(field, token, line.substring(valueStart, valueEnd));
      }
      i = spaces(line, i);
      if (i == length) {
        return false;
      }
      c = line.charAt(i);
      if (c == '}') {
        return spaces(line, i + 1) == length;
      }
      if (c != ',') {
        return false;
      }
      i = spaces(line, i + 1);
    }
  }

  /** Which of the three fields the name at {@code nameStart} is, or null when none. */
  private static String fieldNamed(String line, int nameStart, int nameLength) {
    for (String field : EventFields.NAMES) {
      if (field.length() == nameLength && line.startsWith(field, nameStart)) {
        return field;
      }
    }
    return null;
  }

  /**
   * Where the string that starts at {@code from} (after its quote) ends, or -1 when it is not
   * simple: no closing quote, or an escape other than JSON's (the line has no character below
   * U+0020, checked first) ({@code
   * \" \\ \/ \b \f \n \r \t} and {@code \}{@code u} with four hex digits). Sets {@link
   * #escaped} when it holds an escape.
   */
  private int stringEnd(String line, int from) {
    escaped = false;
    // The closing quote is found with String.indexOf, which the JIT turns into vector
    // instructions; only a string with a backslash before it is walked character by character.
    int quote = line.indexOf('"', from);
    if (quote < 0) {
      return -1;
    }
    if (nextBackslash >= 0 && nextBackslash < from) {
      nextBackslash = line.indexOf('\\', from);
    }
    if (nextBackslash < 0 || nextBackslash > quote) {
      return quote;
    }
    int length = line.length();
    for (int i = from; i < length; i++) {
      char c = line.charAt(i);
      if (c == '"') {
        nextBackslash = line.indexOf('\\', i);
        return i;
      }
      if (c == '\\') {
        escaped = true;
        if (++i == length) {
          return -1;
        }
        switch (line.charAt(i)) {
          case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> {}
          case 'u' -> {
            if (i + 4 >= length) {
              return -1;
            }
            for (int h = i + 1; h <= i + 4; h++) {
              if (!isHexDigit(line.charAt(h))) {
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
   * Whether the line has a character below U+0020 anywhere: in a string JSON forbids it, and
   * outside one only tab, CR and LF may stand, as whitespace, which this reader leaves to Gson. A
   * loop with no early exit, which the JIT vectorizes.
   */
  private static boolean hasControlCharacter(String line) {
    int below = 0;
    for (int i = 0, length = line.length(); i < length; i++) {
      below |= line.charAt(i) < 0x20 ? 1 : 0;
    }
    return below != 0;
  }

  /** Where the JSON number that starts at {@code from} ends, or -1 if it is not one. */
  private static int numberEnd(String line, int from) {
    int length = line.length();
    int i = from;
    if (line.charAt(i) == '-') {
      i++;
    }
    if (i == length) {
      return -1;
    }
    if (line.charAt(i) == '0') {
      i++;
    } else {
      int digits = digitsEnd(line, i);
      if (digits == i) {
        return -1;
      }
      i = digits;
    }
    if (i < length && line.charAt(i) == '.') {
      int digits = digitsEnd(line, i + 1);
      if (digits == i + 1) {
        return -1;
      }
      i = digits;
    }
    if (i < length && (line.charAt(i) == 'e' || line.charAt(i) == 'E')) {
      i++;
      if (i < length && (line.charAt(i) == '+' || line.charAt(i) == '-')) {
        i++;
      }
      int digits = digitsEnd(line, i);
      if (digits == i) {
        return -1;
      }
      i = digits;
    }
    return i;
  }

  private static int digitsEnd(String line, int from) {
    int i = from;
    while (i < line.length() && line.charAt(i) >= '0' && line.charAt(i) <= '9') {
      i++;
    }
    return i;
  }

  private static boolean isHexDigit(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  private static boolean isDelimiter(char c) {
    return c == ' ' || c == ',' || c == '}';
  }

  private static int spaces(String line, int from) {
    int i = from;
    while (i < line.length() && line.charAt(i) == ' ') {
      i++;
    }
    return i;
  }
}
