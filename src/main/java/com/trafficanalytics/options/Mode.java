package com.trafficanalytics.options;

import com.trafficanalytics.analysis.MinuteTraffic;
import com.trafficanalytics.analysis.UserTraffic;
import java.util.Arrays;
import java.util.stream.Collectors;

/** The values of {@code --mode}: which analyses a run computes. */
public enum Mode {
  USER_TRAFFIC(UserTraffic.NAME, true, false),
  MINUTE_TRAFFIC(MinuteTraffic.NAME, false, true),
  BOTH("both", true, true);

  private final String optionValue;
  private final boolean userTraffic;
  private final boolean minuteTraffic;

  Mode(String optionValue, boolean userTraffic, boolean minuteTraffic) {
    this.optionValue = optionValue;
    this.userTraffic = userTraffic;
    this.minuteTraffic = minuteTraffic;
  }

  /** The mode named by {@code --mode=value}. */
  public static Mode fromOption(String value) throws InvalidOptionException {
    for (Mode mode : values()) {
      if (mode.optionValue.equals(value)) {
        return mode;
      }
    }
    throw new InvalidOptionException(
        "--mode=" + value + " is not a mode; use one of " + allOptionValues());
  }

  /** The accepted {@code --mode} values, comma-separated. */
  public static String allOptionValues() {
    return Arrays.stream(values()).map(Mode::optionValue).collect(Collectors.joining(", "));
  }

  /** The value as written on the command line. */
  public String optionValue() {
    return optionValue;
  }

  /** Whether this mode computes {@code user_traffic}. */
  public boolean runsUserTraffic() {
    return userTraffic;
  }

  /** Whether this mode computes {@code minute_traffic}. */
  public boolean runsMinuteTraffic() {
    return minuteTraffic;
  }
}
