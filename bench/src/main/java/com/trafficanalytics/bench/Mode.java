package com.trafficanalytics.bench;

/** The pipeline's {@code --mode} values and the output tables each one writes. */
enum Mode {
  USER_TRAFFIC(true, false),
  MINUTE_TRAFFIC(false, true),
  BOTH(true, true);

  final boolean userTraffic;
  final boolean minuteTraffic;

  Mode(boolean userTraffic, boolean minuteTraffic) {
    this.userTraffic = userTraffic;
    this.minuteTraffic = minuteTraffic;
  }

  /** {@code user_traffic}, {@code minute_traffic} or {@code both}, as on the jar's command line. */
  static Mode of(String text) {
    for (Mode mode : values()) {
      if (mode.name().equalsIgnoreCase(text)) {
        return mode;
      }
    }
    throw new IllegalArgumentException(
        "unknown mode '" + text + "'; expected user_traffic, minute_traffic or both");
  }
}
