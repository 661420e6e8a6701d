package com.trafficanalytics;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import com.trafficanalytics.options.InvalidOptionException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;
import org.junit.Test;

/** {@code --runDate} on an injected clock, and {@code {date}} in {@code --inputPath}. */
public class RunDateTest {
  /** 00:30 on 6 March in UTC is still 5 March in New York: the run date follows UTC. */
  private static final Clock JUST_AFTER_MIDNIGHT_UTC =
      Clock.fixed(Instant.parse("2026-03-06T00:30:00Z"), ZoneId.of("America/New_York"));

  @Test
  public void todayAndYesterdayAreUtcDaysOfTheClock() throws InvalidOptionException {
    assertEquals(
        Optional.of(LocalDate.of(2026, 3, 6)), RunDate.resolve("today", JUST_AFTER_MIDNIGHT_UTC));
    assertEquals(
        Optional.of(LocalDate.of(2026, 3, 5)),
        RunDate.resolve("yesterday", JUST_AFTER_MIDNIGHT_UTC));
  }

  @Test
  public void yesterdayCrossesMonthAndYearEnds() throws InvalidOptionException {
    Clock newYear = Clock.fixed(Instant.parse("2027-01-01T08:00:00Z"), ZoneId.of("UTC"));
    assertEquals(Optional.of(LocalDate.of(2026, 12, 31)), RunDate.resolve("yesterday", newYear));
  }

  @Test
  public void aDateIsTakenAsItIs() throws InvalidOptionException {
    assertEquals(
        Optional.of(LocalDate.of(2024, 2, 29)),
        RunDate.resolve("2024-02-29", JUST_AFTER_MIDNIGHT_UTC));
    assertEquals(Optional.empty(), RunDate.resolve(null, JUST_AFTER_MIDNIGHT_UTC));
  }

  @Test
  public void notADayIsRefusedWithTheFormToWrite() {
    for (String value : new String[] {"2025-02-29", "2026-3-5", "+2026-03-05", "tomorrow", ""}) {
      InvalidOptionException e =
          assertThrows(
              InvalidOptionException.class,
              () -> RunDate.resolve(value, JUST_AFTER_MIDNIGHT_UTC));
      assertThat(e.getMessage(), containsString("--runDate=" + value + " is not a day"));
      assertThat(e.getMessage(), containsString("e.g. --runDate=2026-03-05"));
    }
  }

  @Test
  public void theDateReplacesEveryPlaceholderInThePath() throws InvalidOptionException {
    assertEquals(
        "gs://logs/2026-03-05/events-2026-03-05-*.json.gz",
        RunDate.withDate(
            "inputPath",
            "gs://logs/{date}/events-{date}-*.json.gz",
            Optional.of(LocalDate.of(2026, 3, 5))));
    assertEquals("logs/*.json", RunDate.withDate("inputPath", "logs/*.json", Optional.empty()));
    assertEquals(null, RunDate.withDate("reportPath", null, Optional.empty()));
  }
}
