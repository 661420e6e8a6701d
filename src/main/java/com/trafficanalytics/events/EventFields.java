package com.trafficanalytics.events;

import com.google.gson.stream.JsonToken;
import java.util.List;

/**
 * The three fields an event is made of, as a walk over one line found them: for each, its value's
 * JSON token and text (a string's or number's own text, the word of a literal, none for an object
 * or array), or nothing when the line lacks it. {@link EventParser}'s walk with Gson and {@link
 * FlatLine} both fill one; it is judged ({@link #toEvent}) only once the line is known to be strict
 * JSON with no name twice, so that those problems take precedence over the fields'.
 */
final class EventFields {
  static final String USER_ID = "user_id";
  static final String TIMESTAMP = "timestamp";
  static final String NUM_BYTES = "num_bytes";

  /** The three names, for walks that compare names in place. */
  static final List<String> NAMES = List.of(USER_ID, TIMESTAMP, NUM_BYTES);

  JsonToken userIdToken;
  String userIdText;
  JsonToken timestampToken;
  String timestampText;
  JsonToken numBytesToken;
  String numBytesText;

  /** Whether {@code name} is one of the three fields. */
  static boolean isField(String name) {
    return NAMES.contains(name);
  }

  /** Keeps the value of the field {@code name}, one of {@link #NAMES}. */
  void put(String name, JsonToken token, String text) {
    switch (name) {
      case USER_ID -> {
        userIdToken = token;
        userIdText = text;
      }
      case TIMESTAMP -> {
        timestampToken = token;
        timestampText = text;
      }
      case NUM_BYTES -> {
        numBytesToken = token;
        numBytesText = text;
      }
      default -> throw new IllegalArgumentException("Not an event field: " + name);
    }
  }

  /**
   * The event these fields make.
   *
   * @throws InvalidEventException naming the first field (in the order above) that is missing or
   *     invalid
   */
  Event toEvent() throws InvalidEventException {
    String userId = EventParser.userId(userIdToken, userIdText);
    long timestampMillis = EventParser.timestampMillis(timestampToken, timestampText);
    long numBytes = EventParser.numBytes(numBytesToken, numBytesText);
    return new Event(userId, timestampMillis, numBytes);
  }
}
