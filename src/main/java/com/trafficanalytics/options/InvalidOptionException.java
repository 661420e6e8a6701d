package com.trafficanalytics.options;

/**
 * A run was asked for with options that cannot work. The message is one line that names the
 * option and says how to fix it; nothing has been written when it is thrown.
 */
public final class InvalidOptionException extends Exception {
  private static final long serialVersionUID = 1L;

  public InvalidOptionException(String message) {
    super(message);
  }
}
