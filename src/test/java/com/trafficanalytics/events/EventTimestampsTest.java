package com.trafficanalytics.events;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.Random;
import org.junit.Test;

/**
 * One test per rule of {@link EventTimestamps}. Expected values come from java.time (an oracle
 * independent of the hand-written parser).
 */
public class EventTimestampsTest {

  private static long parse(String text) {
    try {
      return EventTimestamps.parseMillis(text);
    } catch (InvalidEventException e) {
      throw new AssertionError("rejected " + text + ": " + e.getMessage(), e);
    }
  }

  /** Epoch millis of an ISO-8601 text with an offset, by java.time. */
  private static long offsetOracle(String isoWithOffset) {
    return OffsetDateTime.parse(isoWithOffset).toInstant().toEpochMilli();
  }

  /** Epoch millis of an ISO-8601 local date-time read as UTC, by java.time. */
  private static long utcOracle(String isoLocal) {
    return LocalDateTime.parse(isoLocal).toInstant(ZoneOffset.UTC).toEpochMilli();
  }

  private static void assertInvalid(String text) {
    InvalidEventException e =
        assertThrows(
            "should reject " + text,
            InvalidEventException.class,
            () -> EventTimestamps.parseMillis(text));
    assertEquals(RejectReason.INVALID_TIMESTAMP, e.reason());
    assertThat(e.getMessage(), containsString("is not a valid date-time"));
  }

  // ---- Accepted shapes ----

  @Test
  public void isoWithZAndMicrosecondsFromRealData() {
    assertEquals(
        Instant.parse("2026-03-05T21:49:42.746Z").toEpochMilli(),
        parse("2026-03-05T21:49:42.746115Z"));
  }

  @Test
  public void lowercaseZ() {
    assertEquals(offsetOracle("2026-03-05T21:49:42Z"), parse("2026-03-05T21:49:42z"));
  }

  @Test
  public void lowercaseT() {
    // RFC 3339 5.6: "T" and "Z" may be written in lower case.
    assertEquals(offsetOracle("2026-03-05T21:49:42Z"), parse("2026-03-05t21:49:42Z"));
    assertEquals(offsetOracle("2026-03-05T21:49:42.5+01:00"), parse("2026-03-05t21:49:42.5+01:00"));
    assertEquals(utcOracle("2026-03-05T21:49:42"), parse("2026-03-05t21:49:42"));
  }

  @Test
  public void positiveOffsetIsApplied() {
    assertEquals(offsetOracle("2026-03-05T21:30:00Z"), parse("2026-03-05T23:30:00+02:00"));
  }

  @Test
  public void negativeOffsetIsApplied() {
    assertEquals(offsetOracle("2026-03-05T21:49:42.5-05:30"), parse("2026-03-05T21:49:42.5-05:30"));
  }

  @Test
  public void offsetCanCrossMidnightAndYear() {
    assertEquals(offsetOracle("2025-12-31T19:00:00Z"), parse("2026-01-01T01:00:00+06:00"));
  }

  @Test
  public void extremeOffsets() {
    assertEquals(offsetOracle("2026-03-05T21:49:42+18:00"), parse("2026-03-05T21:49:42+18:00"));
    assertEquals(offsetOracle("2026-03-05T21:49:42-18:00"), parse("2026-03-05T21:49:42-18:00"));
    assertEquals(offsetOracle("2026-03-05T21:49:42Z"), parse("2026-03-05T21:49:42-00:00"));
  }

  @Test
  public void isoWithoutZoneIsUtc() {
    assertEquals(utcOracle("2026-03-05T21:49:42.746"), parse("2026-03-05T21:49:42.746"));
  }

  @Test
  public void seedFormatWithSpaceIsUtc() {
    assertEquals(utcOracle("2026-03-05T21:49:42"), parse("2026-03-05 21:49:42"));
  }

  @Test
  public void seedFormatWithFractionAndZone() {
    assertEquals(offsetOracle("2026-03-05T21:49:42.1+01:00"), parse("2026-03-05 21:49:42.1+01:00"));
    assertEquals(offsetOracle("2026-03-05T21:49:42.123Z"), parse("2026-03-05 21:49:42.123Z"));
  }

  @Test
  public void fractionOfOneToNineDigitsIsTruncatedToMillis() {
    String base = "2026-03-05T21:49:42";
    long second = utcOracle(base);
    assertEquals(second + 900, parse(base + ".9Z"));
    assertEquals(second + 990, parse(base + ".99Z"));
    assertEquals(second + 999, parse(base + ".999Z"));
    assertEquals(second + 999, parse(base + ".9999Z")); // Not rounded up.
    assertEquals(second + 999, parse(base + ".999999999Z"));
    assertEquals(second + 1, parse(base + ".001999999Z"));
    assertEquals(second, parse(base + ".000999999Z"));
  }

  @Test
  public void beforeTheEpoch() {
    assertEquals(-1, parse("1969-12-31T23:59:59.999Z"));
    assertEquals(-1, parse("1969-12-31T23:59:59.9999999Z"));
    assertEquals(-1000, parse("1969-12-31 23:59:59"));
    assertEquals(offsetOracle("1900-01-01T00:00:00Z"), parse("1900-01-01T00:00:00Z"));
  }

  @Test
  public void extremeYears() {
    assertEquals(utcOracle("0002-01-01T00:00:00"), parse("0002-01-01T00:00:00"));
    assertEquals(utcOracle("0004-02-29T12:00:00"), parse("0004-02-29T12:00:00"));
    assertEquals(utcOracle("9999-12-31T23:59:59.999"), parse("9999-12-31T23:59:59.999"));
  }

  @Test
  public void leapDays() {
    assertEquals(utcOracle("2024-02-29T00:00:00"), parse("2024-02-29T00:00:00"));
    assertEquals(utcOracle("2000-02-29T00:00:00"), parse("2000-02-29T00:00:00"));
  }

  @Test
  public void everyDayOfYearsAroundTheEpochAgreesWithJavaTime() {
    for (LocalDateTime day = LocalDateTime.parse("1899-12-25T23:59:59");
        day.getYear() < 2101;
        day = day.plusDays(1)) {
      String text = day.toString();
      assertEquals(text, utcOracle(text), parse(text));
    }
  }

  // ---- Rejected values ----

  @Test
  public void nonLeapFebruary29() {
    assertInvalid("2023-02-29T00:00:00Z");
    assertInvalid("1900-02-29T00:00:00Z");
  }

  @Test
  public void dayBeyondMonth() {
    assertInvalid("2026-02-30 10:00:00");
    assertInvalid("2026-04-31T10:00:00Z");
    assertInvalid("2026-01-32T10:00:00Z");
    assertInvalid("2026-01-00T10:00:00Z");
  }

  @Test
  public void monthOutOfRange() {
    assertInvalid("2026-00-05T21:49:42Z");
    assertInvalid("2026-13-05T21:49:42Z");
  }

  @Test
  public void hourMinuteSecondOutOfRange() {
    assertInvalid("2026-03-05T24:00:00Z");
    assertInvalid("2026-03-05T21:60:42Z");
    assertInvalid("2026-03-05T23:59:60Z"); // No leap seconds.
  }

  @Test
  public void offsetOutOfRange() {
    assertInvalid("2026-03-05T21:49:42+19:00");
    assertInvalid("2026-03-05T21:49:42+02:60");
  }

  @Test
  public void malformedOffset() {
    assertInvalid("2026-03-05T21:49:42+0200");
    assertInvalid("2026-03-05T21:49:42+02");
    assertInvalid("2026-03-05T21:49:42+2:00");
    assertInvalid("2026-03-05T21:49:42 +02:00");
    assertInvalid("2026-03-05T21:49:42UTC");
  }

  @Test
  public void dotWithoutDigits() {
    assertInvalid("2026-03-05T21:49:42.Z");
    assertInvalid("2026-03-05T21:49:42.");
  }

  @Test
  public void tenFractionDigits() {
    assertInvalid("2026-03-05T21:49:42.1234567890Z");
  }

  @Test
  public void trailingCharacters() {
    assertInvalid("2026-03-05T21:49:42Zx");
    assertInvalid("2026-03-05T21:49:42+02:00x");
    assertInvalid("2026-03-05T21:49:42 ");
    assertInvalid("2026-03-05T21:49:42.123x");
  }

  @Test
  public void wrongSeparators() {
    assertInvalid("2026/03/05T21:49:42Z");
    assertInvalid("2026-03-05x21:49:42Z");
    assertInvalid("2026-03-05_21:49:42Z");
    assertInvalid("2026-03-05T21.49.42Z");
    assertInvalid("2026-03-05T21:49:42,746Z");
  }

  @Test
  public void wrongFieldWidths() {
    assertInvalid("20260-03-05T21:49:42Z");
    assertInvalid("+2026-03-05T21:49:42Z");
    assertInvalid("226-03-05T21:49:42Z");
    assertInvalid("2026-3-05T21:49:42Z");
    assertInvalid("2026-03-5T21:49:42Z");
    assertInvalid("2026-03-05T1:49:42Z");
    assertInvalid("2026-03-05T21:49Z");
    assertInvalid("2026-03-05");
  }

  @Test
  public void nonAsciiDigits() {
    assertInvalid("\u0662\u0660\u0662\u0666-03-05T21:49:42Z");
  }

  @Test
  public void empty() {
    assertInvalid("");
  }

  @Test
  public void messageQuotesTheValueAndTheExpectedShapes() {
    InvalidEventException e =
        assertThrows(
            InvalidEventException.class, () -> EventTimestamps.parseMillis("2026-02-30 10:00:00"));
    assertEquals(
        "field \"timestamp\" is not a valid date-time: \"2026-02-30 10:00:00\" (expected ISO-8601"
            + " such as 2026-03-05T21:49:42.746Z or YYYY-MM-DD HH:MM:SS)",
        e.getMessage());
  }

  @Test
  public void calendarIsCheckedBeforeTheRange() {
    // Year 0 is out of range, but a day that no calendar has is reported as such.
    assertInvalid("0000-02-30T00:00:00Z");
    assertInvalid("0001-13-01T00:00:00Z");
  }

  // ---- The range BigQuery can store ----

  private static void assertOutOfRange(String text) {
    InvalidEventException e =
        assertThrows(
            "should reject " + text,
            InvalidEventException.class,
            () -> EventTimestamps.parseMillis(text));
    assertEquals(RejectReason.TIMESTAMP_OUT_OF_RANGE, e.reason());
    assertEquals(
        "field \"timestamp\" is out of range: \""
            + text
            + "\" (event times must lie between 0002-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z,"
            + " so that BigQuery can store them and their windows)",
        e.getMessage());
  }

  @Test
  public void rangeConstants() {
    // BigQuery's TIMESTAMP holds 0001-01-01 00:00:00 to 9999-12-31 23:59:59.999999 UTC; year 1
    // has 365 days, so 0001-01-01 plus the widest window (365 days) is 0002-01-01.
    assertEquals(365 * 86_400, EventTimestamps.MAX_WINDOW_SECONDS);
    assertEquals(utcOracle("0002-01-01T00:00:00"), EventTimestamps.EARLIEST_MILLIS);
    assertEquals(utcOracle("9999-12-31T23:59:59.999"), EventTimestamps.LATEST_MILLIS);
  }

  @Test
  public void firstAndLastAcceptedInstants() {
    assertEquals(EventTimestamps.EARLIEST_MILLIS, parse("0002-01-01T00:00:00Z"));
    assertEquals(EventTimestamps.EARLIEST_MILLIS, parse("0002-01-01 01:00:00+01:00"));
    assertEquals(EventTimestamps.LATEST_MILLIS, parse("9999-12-31T23:59:59.999999999Z"));
    assertEquals(EventTimestamps.LATEST_MILLIS, parse("9999-12-31T22:59:59.999-01:00"));
  }

  @Test
  public void instantsOutsideTheRangeAreRejected() {
    assertOutOfRange("0000-01-01T00:00:00Z");
    assertOutOfRange("0000-02-29 12:00:00");
    assertOutOfRange("0001-01-01T00:00:00Z");
    assertOutOfRange("0001-12-31T23:59:59.999999999Z");
    // Offsets count: local times inside the range, instants outside it.
    assertOutOfRange("0002-01-01T00:59:59.999+01:00");
    assertOutOfRange("9999-12-31T23:00:00-01:00");
  }

  @Test
  public void everyWindowOfAnAcceptedEventStartsWithinBigQueryRange() {
    // Windows as Beam's FixedWindows align them (on the epoch); the start is the latest multiple
    // of the width at or before the event. Checked at the earliest accepted instant for widths
    // from one second to the widest, including ones that do not divide a day or a year.
    long bigQueryMin = utcOracle("0001-01-01T00:00:00");
    long event = EventTimestamps.EARLIEST_MILLIS;
    long[] widths = {1, 59, 60, 86_399, 86_400, 604_800, 7_654_321, 31_535_999, 31_536_000};
    for (long seconds : widths) {
      long width = seconds * 1000;
      long start = Math.floorDiv(event, width) * width;
      assertTrue(seconds + " s", start >= bigQueryMin);
    }
    assertEquals(31_536_000, EventTimestamps.MAX_WINDOW_SECONDS);
  }

  // ---- Randomized agreement with java.time ----

  @Test
  public void randomInstantsAgreeWithJavaTime() {
    Random random = new Random(20260305L);
    long from = Instant.parse("1900-01-01T00:00:00Z").getEpochSecond();
    long to = Instant.parse("2100-01-01T00:00:00Z").getEpochSecond();
    DateTimeFormatter[] formatters = new DateTimeFormatter[10];
    for (int digits = 0; digits <= 9; digits++) {
      DateTimeFormatterBuilder builder =
          new DateTimeFormatterBuilder().appendPattern("uuuu-MM-dd'T'HH:mm:ss");
      if (digits > 0) {
        // appendFraction truncates; decimalPoint=true prints the dot.
        builder.appendFraction(ChronoField.NANO_OF_SECOND, digits, digits, true);
      }
      formatters[digits] = builder.toFormatter();
    }
    for (int i = 0; i < 10_000; i++) {
      Instant instant =
          Instant.ofEpochSecond(
              from + (long) (random.nextDouble() * (to - from)), random.nextInt(1_000_000_000));
      int digits = random.nextInt(10);
      int zoneStyle = random.nextInt(4); // 0: none, 1: Z, 2: z, 3: offset
      ZoneOffset offset =
          zoneStyle == 3
              ? ZoneOffset.ofTotalSeconds((random.nextInt(2 * 18 * 60 + 1) - 18 * 60) * 60)
              : ZoneOffset.UTC;
      String text = formatters[digits].format(instant.atOffset(offset));
      if (zoneStyle == 1) {
        text += "Z";
      } else if (zoneStyle == 2) {
        text += "z";
      } else if (zoneStyle == 3) {
        text += offset.getTotalSeconds() == 0 ? "+00:00" : offset.getId();
      }
      if (random.nextBoolean()) {
        text = text.replace('T', ' ');
      }
      // The instant as printed: its nanos cut to the printed digits, then floored to millis.
      long keptNanos = digits == 0 ? 0 : instant.getNano() / pow10(9 - digits) * pow10(9 - digits);
      long expected = Instant.ofEpochSecond(instant.getEpochSecond(), keptNanos).toEpochMilli();
      assertEquals(text, expected, parse(text));
    }
  }

  private static long pow10(int exponent) {
    long result = 1;
    for (int i = 0; i < exponent; i++) {
      result *= 10;
    }
    return result;
  }

  // ---- formatSeconds ----

  @Test
  public void formatSecondsIsUtcWithoutFraction() {
    assertEquals("1970-01-01 00:00:00", EventTimestamps.formatSeconds(0));
    assertEquals(
        "2026-03-05 21:49:42", EventTimestamps.formatSeconds(parse("2026-03-05T21:49:42.999Z")));
  }

  @Test
  public void formatSecondsBeforeTheEpochRoundsDown() {
    assertEquals("1969-12-31 23:59:59", EventTimestamps.formatSeconds(-1));
  }

  @Test
  public void formatSecondsParsesBack() {
    long millis = parse("2024-02-29T12:34:56.789+05:00");
    assertEquals(millis - 789, parse(EventTimestamps.formatSeconds(millis)));
  }
}
