package com.trafficanalytics.quality;

/** The run rejected more of its input than {@code --maxDeadLetterRatio} allows. */
public final class DeadLetterRatioExceededException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DeadLetterRatioExceededException(String message) {
    super(message);
  }
}
