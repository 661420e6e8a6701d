package com.trafficanalytics.options;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The values of {@code --mode}. A mode's value is the name of the one analysis it runs, or {@code
 * both}; which analyses those are is decided where the job is assembled, not here.
 */
public enum Mode {
  USER_TRAFFIC("user_traffic"),
  MINUTE_TRAFFIC("minute_traffic"),
  BOTH("both");

  private final String optionValue;

  Mode(String optionValue) {
    this.optionValue = optionValue;
  }

  /** The mode written {@code value} on the command line, if there is one. */
  public static Optional<Mode> fromOptionValue(String value) {
    return Arrays.stream(values()).filter(mode -> mode.optionValue.equals(value)).findFirst();
  }

  /** The accepted {@code --mode} values, comma-separated. */
  public static String allOptionValues() {
    return Arrays.stream(values()).map(Mode::optionValue).collect(Collectors.joining(", "));
  }

  /** The value as written on the command line. */
  public String optionValue() {
    return optionValue;
  }
}
