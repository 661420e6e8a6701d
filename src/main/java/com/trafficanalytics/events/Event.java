package com.trafficanalytics.events;

import java.util.Objects;

/**
 * One valid web-server event, reduced to what the analyses use.
 *
 * @param userId the user, as text: the JSON string as given, or a JSON integer in its canonical
 *     decimal form
 * @param timestampMillis the event time, in milliseconds since 1970-01-01T00:00:00Z
 * @param numBytes the size of the response in bytes, never negative
 */
public record Event(String userId, long timestampMillis, long numBytes) {

  /** Checks the invariants that the parser guarantees, so no other code can break them. */
  public Event {
    Objects.requireNonNull(userId, "userId");
    if (userId.isEmpty()) {
      throw new IllegalArgumentException("userId must not be empty");
    }
    if (numBytes < 0) {
      throw new IllegalArgumentException("numBytes must be >= 0, got " + numBytes);
    }
  }
}
