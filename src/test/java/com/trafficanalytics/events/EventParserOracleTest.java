package com.trafficanalytics.events;

import static org.junit.Assert.assertEquals;

import com.trafficanalytics.testing.ExpectedTraffic;
import java.util.List;
import org.junit.Test;

/**
 * The parser and the tests' independent oracle ({@link ExpectedTraffic}: Jackson and java.time)
 * agree, line by line, on the hostile inputs of issue 7 and the rules they led to: which lines are
 * events, and for each event its user and time.
 */
public class EventParserOracleTest {
  private static final String TS = "\"2026-03-05T21:49:42.746Z\"";

  private static String line(String userId, String timestamp) {
    return "{\"user_id\": " + userId + ", \"timestamp\": " + timestamp + ", \"num_bytes\": 7}";
  }

  private static final List<String> LINES =
      List.of(
          line("\"u\"", TS),
          // Unpaired surrogates in user_id, and a pair.
          line("\"\\ud800\"", TS),
          line("\"a\\udfff\"", TS),
          line("\"\\udc00\\ud800\"", TS),
          line("\"\\ud83d\\ude00\"", TS),
          line("\"\ud83d\ude00\"", TS),
          // Unpaired surrogates elsewhere do not matter.
          "{\"user_id\": \"v\", \"timestamp\": " + TS + ", \"num_bytes\": 1, \"x\": \"\\ud800\"}",
          // BigQuery's range, with offsets.
          line("\"w\"", "\"0000-01-01T00:00:00Z\""),
          line("\"w\"", "\"0001-06-01T00:00:00Z\""),
          line("\"w\"", "\"0001-12-31T23:59:59.999Z\""),
          line("\"w\"", "\"0002-01-01T00:00:00Z\""),
          line("\"w\"", "\"0002-01-01T00:30:00+01:00\""),
          line("\"w\"", "\"0002-01-01T00:00:00-01:00\""),
          line("\"w\"", "\"9999-12-31T23:59:59.999999Z\""),
          line("\"w\"", "\"9999-12-31T23:59:59-00:01\""),
          line("\"w\"", "\"9999-12-31T23:59:59+00:01\""),
          // Lower-case separator and zone.
          line("\"t\"", "\"2026-03-05t21:49:42z\""),
          line("\"t\"", "\"2026-03-05t21:49:42.5+02:00\""),
          // Byte-order marks.
          "\ufeff" + line("\"b\"", TS),
          " \ufeff" + line("\"b\"", TS),
          line("\"b\\ufeff\"", TS),
          // Nesting deeper than Gson's default limit of 255 (Jackson's own default is 1000).
          "{\"user_id\": \"n\", \"timestamp\": "
              + TS
              + ", \"num_bytes\": 1, \"x\": "
              + "[".repeat(300)
              + "]".repeat(300)
              + "}");

  @Test
  public void parserAgreesWithTheOracle() {
    for (String line : LINES) {
      ExpectedTraffic oracle = ExpectedTraffic.of(List.of(line), 60);
      Event event;
      try {
        event = EventParser.parse(line);
      } catch (InvalidEventException e) {
        assertEquals(
            "oracle rejects too: " + line + " (" + e.getMessage() + ")",
            List.of(line),
            oracle.rejectedLines);
        continue;
      }
      assertEquals("oracle accepts too: " + line, 1, oracle.events);
      assertEquals(line, List.of(event.userId()), List.copyOf(oracle.users.keySet()));
      long windowStart = Math.floorDiv(event.timestampMillis(), 60_000L) * 60_000L;
      assertEquals(line, List.of(windowStart), List.copyOf(oracle.windows.keySet()));
    }
  }

  @Test
  public void theLinesCoverBothOutcomes() {
    // Counted by hand from the rules: three lone surrogates in user_id, five instants outside
    // the range, two byte-order marks outside strings.
    ExpectedTraffic oracle = ExpectedTraffic.of(LINES, 60);
    assertEquals(22, oracle.linesRead);
    assertEquals(10, oracle.rejectedLines.size());
    assertEquals(12, oracle.events);
  }
}
