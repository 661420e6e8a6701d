package com.trafficanalytics.read;

import java.io.IOException;

/**
 * The input of a {@link LineReader} failed part-way: every line before {@link #offset()} was read
 * whole; {@link #unfinishedLine()} holds the bytes of the line the failure cut short (possibly
 * none).
 */
final class BrokenInputException extends IOException {
  private static final long serialVersionUID = 1L;

  private final long offset;
  private final byte[] unfinishedLine;

  BrokenInputException(long offset, byte[] unfinishedLine, Exception cause) {
    super(cause.getMessage(), cause);
    this.offset = offset;
    this.unfinishedLine = unfinishedLine;
  }

  /** Where in the input the first byte not read as part of a whole line is. */
  long offset() {
    return offset;
  }

  /** The bytes of the line that the failure cut short, without its missing end. */
  byte[] unfinishedLine() {
    return unfinishedLine.clone();
  }
}
