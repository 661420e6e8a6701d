package com.trafficanalytics;

import com.trafficanalytics.options.InvalidOptionException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The day a run is for ({@code --runDate}), resolved once, when the job is built: a fixed
 * request body such as a daily schedule's {@code runDate=yesterday} means the day before the
 * launch, in UTC. The same day replaces {@code {date}} in {@code --inputPath} and {@code
 * --reportPath}.
 */
final class RunDate {
  /** What {@code --inputPath} may hold to read the run date's own files. */
  static final String PLACEHOLDER = "{date}";

  /**
   * The day {@code value} names, on the day {@code clock} gives, or empty without a value.
   *
   * @throws InvalidOptionException unless it is {@code YYYY-MM-DD}, {@code today} or {@code
   *     yesterday}
   */
  static Optional<LocalDate> resolve(String value, Clock clock) throws InvalidOptionException {
    if (value == null) {
      return Optional.empty();
    }
    LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
    switch (value) {
      case "today":
        return Optional.of(today);
      case "yesterday":
        return Optional.of(today.minusDays(1));
      default:
        try {
          // ISO_LOCAL_DATE: four-digit years, two-digit months and days, a real calendar day.
          if (value.matches("[0-9]{4}-[0-9]{2}-[0-9]{2}")) {
            return Optional.of(LocalDate.parse(value));
          }
        } catch (DateTimeParseException e) {
          // Falls through to the message below.
        }
        throw new InvalidOptionException(
            "--runDate=" + value + " is not a day; write a date as YYYY-MM-DD (e.g. --runDate="
                + today.minusDays(1) + "), or --runDate=yesterday or --runDate=today (UTC)");
    }
  }

  /**
   * {@code path}, the value of option {@code option} ({@code inputPath}, {@code reportPath}), with
   * {@link #PLACEHOLDER} replaced by {@code date}; null stays null.
   *
   * @throws InvalidOptionException when the path holds the placeholder but there is no run date
   */
  static String withDate(String option, String path, Optional<LocalDate> date)
      throws InvalidOptionException {
    if (path == null || !path.contains(PLACEHOLDER)) {
      return path;
    }
    if (date.isEmpty()) {
      throw new InvalidOptionException(
          "--" + option + "=" + path + " holds " + PLACEHOLDER + " but no --runDate gives it;"
              + " add --runDate=YYYY-MM-DD (or yesterday, or today), or write the date into the"
              + " path");
    }
    return path.replace(PLACEHOLDER, date.get().toString());
  }

  private RunDate() {}
}
