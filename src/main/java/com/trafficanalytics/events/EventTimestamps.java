package com.trafficanalytics.events;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.Year;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Reads and writes event times.
 *
 * <p>{@link #parseMillis} accepts {@code YYYY-MM-DD?HH:MM:SS[.fraction][zone]} where {@code ?} is
 * {@code T}, {@code t} (RFC 3339 allows both cases) or a space (the seed data's format), the
 * fraction has 1 to 9 digits and is truncated (not rounded) to milliseconds, and the zone is {@code
 * Z}, {@code z}, {@code +hh:mm}, {@code -hh:mm} or absent (UTC). The instant must lie between
 * {@link #EARLIEST_MILLIS} and {@link #LATEST_MILLIS}, so that BigQuery can store it and the start
 * of any window holding it.
 *
 * <p>The shape is checked by hand rather than with a {@link DateTimeFormatter} because it runs once
 * per input line and throws only for an invalid value; the calendar (month lengths, leap years,
 * days since the epoch) is java.time's.
 */
public final class EventTimestamps {
  /**
   * The widest event-time window, in seconds, that an analysis may use (365 days): an event at or
   * after {@link #EARLIEST_MILLIS} then lies in a window that starts on or after 0001-01-01, the
   * first day BigQuery's TIMESTAMP holds. {@code --windowSeconds} must not exceed it.
   */
  public static final int MAX_WINDOW_SECONDS = 365 * 24 * 60 * 60;

  /** 0001-01-01T00:00:00Z, the earliest instant that BigQuery's TIMESTAMP type holds. */
  private static final Instant BIGQUERY_MIN = Instant.parse("0001-01-01T00:00:00Z");

  /**
   * The earliest event time accepted, 0002-01-01T00:00:00Z: BigQuery's earliest TIMESTAMP plus
   * {@link #MAX_WINDOW_SECONDS}. A window of width {@code w <= MAX_WINDOW_SECONDS} that holds an
   * event at {@code t >= EARLIEST_MILLIS} starts after {@code t - w}, so on or after 0001-01-01.
   */
  public static final long EARLIEST_MILLIS =
      BIGQUERY_MIN.plusSeconds(MAX_WINDOW_SECONDS).toEpochMilli();

  /**
   * The latest event time accepted, 9999-12-31T23:59:59.999Z: the latest millisecond that
   * BigQuery's TIMESTAMP holds (its maximum is 9999-12-31 23:59:59.999999 UTC). A window starts no
   * later than its events.
   */
  public static final long LATEST_MILLIS = Instant.parse("9999-12-31T23:59:59.999Z").toEpochMilli();

  /** Returned by {@link #parseOrInvalid} for a bad value; no valid 4-digit year comes near it. */
  private static final long INVALID = Long.MIN_VALUE;

  private static final long MILLIS_PER_DAY = 86_400_000L;

  private static final DateTimeFormatter SECONDS_UTC =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

  private EventTimestamps() {}

  /**
   * The instant that the date-time text denotes, in milliseconds since the epoch.
   *
   * @param text for example {@code 2026-03-05T21:49:42.746115Z}, {@code 2026-03-05T23:49:42+02:00}
   *     or {@code 2026-03-05 21:49:42}
   * @throws InvalidEventException with {@link RejectReason#INVALID_TIMESTAMP} when the text is not
   *     in an accepted shape or names a date or time that does not exist, or with {@link
   *     RejectReason#TIMESTAMP_OUT_OF_RANGE} when the instant is before {@link #EARLIEST_MILLIS} or
   *     after {@link #LATEST_MILLIS}
   */
  public static long parseMillis(CharSequence text) throws InvalidEventException {
    long millis = parseOrInvalid(text);
    if (millis == INVALID) {
      throw new InvalidEventException(
          RejectReason.INVALID_TIMESTAMP,
          "field \"timestamp\" is not a valid date-time: "
              + MessageText.quote(text)
              + " (expected ISO-8601 such as 2026-03-05T21:49:42.746Z or YYYY-MM-DD HH:MM:SS)");
    }
    if (millis < EARLIEST_MILLIS || millis > LATEST_MILLIS) {
      throw new InvalidEventException(
          RejectReason.TIMESTAMP_OUT_OF_RANGE,
          "field \"timestamp\" is out of range: "
              + MessageText.quote(text)
              + " (event times must lie between 0002-01-01T00:00:00Z and"
              + " 9999-12-31T23:59:59.999Z, so that BigQuery can store them and their windows)");
    }
    return millis;
  }

  /**
   * The instant as {@code YYYY-MM-DD HH:MM:SS} in UTC, the fraction of a second dropped, for
   * example {@code 2026-03-05 21:49:42}.
   */
  public static String formatSeconds(long epochMillis) {
    return SECONDS_UTC.format(Instant.ofEpochMilli(epochMillis));
  }

  private static long parseOrInvalid(CharSequence s) {
    int length = s.length();
    // The shortest accepted value is YYYY-MM-DDTHH:MM:SS (19 characters).
    if (length < 19) {
      return INVALID;
    }
    int year = fourDigits(s, 0);
    int month = twoDigits(s, 5);
    int day = twoDigits(s, 8);
    int hour = twoDigits(s, 11);
    int minute = twoDigits(s, 14);
    int second = twoDigits(s, 17);
    char dateTimeSeparator = s.charAt(10);
    if (year < 0
        || s.charAt(4) != '-'
        || month < 1
        || month > 12
        || s.charAt(7) != '-'
        || day < 1
        || day > Month.of(month).length(Year.isLeap(year))
        || (dateTimeSeparator != 'T' && dateTimeSeparator != 't' && dateTimeSeparator != ' ')
        || hour < 0
        || hour > 23
        || s.charAt(13) != ':'
        || minute < 0
        || minute > 59
        || s.charAt(16) != ':'
        || second < 0
        || second > 59) {
      return INVALID;
    }

    int pos = 19;
    int millisOfSecond = 0;
    if (pos < length && s.charAt(pos) == '.') {
      int start = ++pos;
      while (pos < length && isDigit(s.charAt(pos))) {
        int digits = pos - start;
        if (digits < 3) {
          // Keep only the first three digits: truncation, not rounding, to milliseconds.
          millisOfSecond = millisOfSecond * 10 + (s.charAt(pos) - '0');
        }
        pos++;
      }
      int digits = pos - start;
      if (digits < 1 || digits > 9) {
        return INVALID;
      }
      for (int i = digits; i < 3; i++) {
        millisOfSecond *= 10;
      }
    }

    long offsetMillis = 0;
    if (pos < length) {
      char zone = s.charAt(pos);
      if (zone == 'Z' || zone == 'z') {
        if (pos + 1 != length) {
          return INVALID;
        }
      } else if (zone == '+' || zone == '-') {
        if (pos + 6 != length || s.charAt(pos + 3) != ':') {
          return INVALID;
        }
        int offsetHours = twoDigits(s, pos + 1);
        int offsetMinutes = twoDigits(s, pos + 4);
        if (offsetHours < 0 || offsetHours > 18 || offsetMinutes < 0 || offsetMinutes > 59) {
          return INVALID;
        }
        offsetMillis = (offsetHours * 60L + offsetMinutes) * 60_000L;
        if (zone == '-') {
          offsetMillis = -offsetMillis;
        }
      } else {
        return INVALID;
      }
    }

    long millisOfDay = ((hour * 60L + minute) * 60L + second) * 1000L + millisOfSecond;
    // The local time minus its offset from UTC is the UTC time.
    // The date is known to exist, so LocalDate.of cannot throw.
    long epochDay = LocalDate.of(year, month, day).toEpochDay();
    return epochDay * MILLIS_PER_DAY + millisOfDay - offsetMillis;
  }

  /** The two ASCII digits at {@code i} as a number, or -1 if either is not a digit. */
  private static int twoDigits(CharSequence s, int i) {
    char tens = s.charAt(i);
    char ones = s.charAt(i + 1);
    if (!isDigit(tens) || !isDigit(ones)) {
      return -1;
    }
    return (tens - '0') * 10 + (ones - '0');
  }

  /** The four ASCII digits at {@code i} as a number, or -1 if any is not a digit. */
  private static int fourDigits(CharSequence s, int i) {
    int high = twoDigits(s, i);
    int low = twoDigits(s, i + 2);
    return high < 0 || low < 0 ? -1 : high * 100 + low;
  }

  /** Only ASCII digits: {@link Character#isDigit} would also accept other scripts' digits. */
  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
