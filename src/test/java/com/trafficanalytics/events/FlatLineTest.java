package com.trafficanalytics.events;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.Test;

/**
 * {@link FlatLine} reads only lines that Gson's strict walk accepts, and finds in them what that
 * walk finds: {@link EventParser#parse} (which uses it) and {@link EventParser#parseWithGson} (Gson
 * alone) give the same event, or the same reason and message, for every line of the samples, for
 * hand-picked edge cases and for a hundred thousand random mutations of real lines.
 */
public class FlatLineTest {
  private static final String EVENT =
      "{\"user_id\": \"-4767286540954276203\", \"ip\": \"138.200.59.98\", \"lat\": -33.8688,"
          + " \"lng\": 151.2093, \"timestamp\": \"2026-03-05T16:00:03.532936Z\", \"http_request\":"
          + " \"\\\"GET signup.html HTTP/1.0\\\"\", \"http_response\": 200, \"num_bytes\": 7768,"
          + " \"user_agent\": \"Mozilla/5.0 (Linux; Android 14)\"}";

  /** The same line with text beyond ASCII in a field the event does not use. */
  private static final String NON_ASCII = EVENT.replace("(Linux;", "(\u00e9\u4e2d\ud83d\ude00;");

  /** What parsing a line comes to: the event, or the rejection's reason and message. */
  private static String outcome(Parse parse, String line) {
    try {
      return "event " + parse.apply(line);
    } catch (InvalidEventException e) {
      return "rejected " + e.reason() + ": " + e.getMessage();
    } catch (RuntimeException e) {
      return "threw " + e;
    }
  }

  private interface Parse {
    Event apply(String line) throws InvalidEventException;
  }

  private static void assertSameAsGson(String line) {
    if (line.isBlank() || (!line.isEmpty() && line.charAt(0) == '\ufeff')) {
      return; // Decided before either walk.
    }
    assertEquals(
        "line: " + line,
        outcome(EventParser::parseWithGson, line),
        outcome(EventParser::parse, line));
  }

  @Test
  public void aTypicalLogLineIsReadWithoutGsonAndGivesGsonsEvent() {
    EventFields flat = FlatLine.read(EVENT);
    assertNotNull(flat);
    assertEquals("-4767286540954276203", flat.userIdText);
    assertEquals("2026-03-05T16:00:03.532936Z", flat.timestampText);
    assertEquals("7768", flat.numBytesText);
    assertSameAsGson(EVENT);
    // Read in place from a buffer that holds more than the line, as the reader's does.
    byte[] buffer = ("\r\n" + EVENT + "\r\n{").getBytes(StandardCharsets.UTF_8);
    EventFields inPlace = FlatLine.read(buffer, 2, 2 + EVENT.length());
    assertNotNull(inPlace);
    assertEquals(flat.userIdText, inPlace.userIdText);
    assertEquals(flat.timestampText, inPlace.timestampText);
    assertEquals(flat.numBytesText, inPlace.numBytesText);
    assertNull(FlatLine.read(buffer, 0, buffer.length));
  }

  @Test
  public void aLineWithTextBeyondAsciiIsDecodedAndGivenToGson() {
    assertNull(FlatLine.read(NON_ASCII));
    byte[] utf8 = NON_ASCII.getBytes(StandardCharsets.UTF_8);
    assertNull(FlatLine.read(utf8, 0, utf8.length));
    assertSameAsGson(NON_ASCII);
  }

  @Test
  public void everyLineOfTheSamplesGivesWhatGsonGives() throws IOException {
    int read = 0;
    int lines = 0;
    for (String file : List.of("data/events.json", "data/dirty_events.json")) {
      for (String line : Files.readAllLines(Path.of(file), StandardCharsets.UTF_8)) {
        assertSameAsGson(line);
        lines++;
        read += FlatLine.read(line) != null ? 1 : 0;
      }
    }
    // Nearly all real lines take the quick path; otherwise it would be dead weight.
    assertThat(read, greaterThan(lines * 9 / 10));
  }

  @Test
  public void linesOutsideTheSimpleShapeAreLeftToGson() {
    assertReadQuickly(
        false,
        List.of(
            "{\"a\": 1,}", // trailing comma
            "{\"a\": 01}", // leading zero
            "{\"a\": -}",
            "{\"a\": 1.}",
            "{\"a\": .5}",
            "{\"a\": 1e}",
            "{\"a\": +1}",
            "{\"a\": tru}",
            "{\"a\": TRUE}",
            "{\"a\": truex}",
            "{\"a\": nul}",
            "{\"a\": \"\\x\"}", // not a JSON escape
            "{\"a\": \"\\'\"}",
            "{\"a\": \"\\u12G4\"}",
            "{\"a\": \"\\u12\"}",
            "{\"a\": \"tab\there\"}",
            "{\"a\":\t1}",
            "{\"a\": 1, \"a\": 2}", // duplicate name
            "{\"a\": 1} x", // trailing data
            "{\"a\": 1}}",
            "{\"a\" 1}",
            "{a: 1}",
            "{'a': 1}",
            "{\"a\": [1]}", // nested values
            "{\"a\": {\"b\": 1}}",
            "{\"\\u0061\": 1}", // an escaped name
            "{\"user_id\": \"\\u0061\", \"timestamp\": \"2026-03-05T16:00:03Z\", \"num_bytes\": 1}",
            "[1]",
            "\"text\"",
            "{\"a\": 1",
            "{\"a\": \"open",
            "{\"a\": 1 /* c */}"));
  }

  @Test
  public void linesInsideTheShapeAreReadWhateverTheirFieldsHold() {
    assertReadQuickly(
        true,
        List.of(
            "{}",
            " { } ",
            "{\"user_id\": 42, \"timestamp\": \"2026-03-05T16:00:03Z\", \"num_bytes\": 0}",
            "{\"user_id\": -0, \"timestamp\": \"2026-03-05T16:00:03Z\", \"num_bytes\": 1e3}",
            "{\"user_id\": true, \"timestamp\": null, \"num_bytes\": -1}",
            "{\"user_id\": \"\", \"timestamp\": \"x\", \"num_bytes\": 9223372036854775808}",
            "{\"user_id\":\"u\",\"timestamp\":\"2026-03-05T16:00:03Z\",\"num_bytes\":1,"
                + "\"x\":\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\uD83D\"}",
            "{\"lat\": 1, \"lng\": 2, \"timestamp\": \"2026-03-05T16:00:03Z\"}"));
  }

  /** Checks that each line is read by FlatLine or not, as said, and gives what Gson gives. */
  private static void assertReadQuickly(boolean quickly, List<String> lines) {
    for (String line : lines) {
      assertEquals(line, quickly, FlatLine.read(line) != null);
      assertSameAsGson(line);
    }
  }

  @Test
  public void randomMutationsOfRealLinesGiveWhatGsonGives() {
    String alphabet = "{}[]\":,\\/ \t.-+0123456789eEtrufalsn_xu\u00e9\ud83d\u0001\ufeffbd";
    List<String> seeds = new ArrayList<>(List.of(EVENT, NON_ASCII));
    seeds.add("{\"user_id\": 17, \"timestamp\": \"2026-03-05 16:00:03 UTC\", \"num_bytes\": 0,"
        + " \"ok\": true, \"no\": false, \"nothing\": null, \"e\": 1.5e-3}");
    Random random = new Random(20261127L);
    int readQuickly = 0;
    for (int n = 0; n < 100_000; n++) {
      StringBuilder line = new StringBuilder(seeds.get(n % seeds.size()));
      for (int edits = 1 + random.nextInt(3); edits > 0; edits--) {
        int at = random.nextInt(line.length());
        char c = alphabet.charAt(random.nextInt(alphabet.length()));
        switch (random.nextInt(3)) {
          case 0 -> line.insert(at, c);
          case 1 -> line.deleteCharAt(at);
          default -> line.setCharAt(at, c);
        }
      }
      String text = line.toString();
      assertSameAsGson(text);
      readQuickly += FlatLine.read(text) != null ? 1 : 0;
    }
    // Both paths are exercised: many mutants keep the simple shape, many leave it.
    assertThat(readQuickly, greaterThan(10_000));
    assertThat(100_000 - readQuickly, greaterThan(10_000));
  }
}
