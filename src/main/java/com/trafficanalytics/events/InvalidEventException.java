package com.trafficanalytics.events;

import java.util.Objects;

/**
 * A line that is not a valid event: the {@link #reason()} for metrics and a single-line,
 * human-readable {@link #getMessage()} for the dead-letter record.
 *
 * <p>It carries no stack trace: rejecting a bad line is an expected outcome on a path that runs
 * once per input line, and filling in a stack trace would cost far more than the parse itself.
 */
public final class InvalidEventException extends Exception {
  private static final long serialVersionUID = 1L;

  private final RejectReason reason;

  /**
   * Creates the exception.
   *
   * @param reason why the line was rejected
   * @param message what is wrong, on one line, for people reading the dead letters
   */
  public InvalidEventException(RejectReason reason, String message) {
    // No suppression and no stack trace: see the class comment.
    super(message, null, false, false);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /** Why the line was rejected. */
  public RejectReason reason() {
    return reason;
  }
}
