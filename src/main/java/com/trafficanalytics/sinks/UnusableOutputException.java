package com.trafficanalytics.sinks;

/**
 * An output location that the job cannot or must not write: it holds files the job did not write,
 * it overlaps the input, it cannot be created or written, or another run is writing it. The
 * message is one line saying what is wrong and how to fix it; the caller adds the option's name.
 */
public final class UnusableOutputException extends Exception {
  private static final long serialVersionUID = 1L;

  public UnusableOutputException(String message) {
    super(message);
  }
}
