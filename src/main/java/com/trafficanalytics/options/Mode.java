package com.trafficanalytics.options;

/**
 * The values of {@code --mode}, with the words the Console form shows for each. A mode's value is
 * the name of the one analysis it runs, or {@code both}; which analyses those are is decided
 * where the job is assembled, not here.
 */
public enum Mode implements Choice.Of {
  // The default first: the form lists the values in this order.
  BOTH("both", "Both analyses", "user_traffic and minute_traffic from one pass over the input."),
  USER_TRAFFIC(
      "user_traffic",
      "Per user",
      "One row per user: pageviews and total, largest and smallest response bytes."),
  MINUTE_TRAFFIC(
      "minute_traffic",
      "Per time window",
      "One row per non-empty event-time window: its start and its pageviews.");

  private final Choice choice;

  Mode(String value, String label, String description) {
    this.choice = new Choice(value, label, description);
  }

  /** The value as written on the command line. */
  public String optionValue() {
    return choice.value();
  }

  @Override
  public Choice choice() {
    return choice;
  }
}
