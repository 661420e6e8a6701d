package com.trafficanalytics.events;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import org.junit.Test;

/** One test per rule of {@link EventParser}, valid and invalid. */
public class EventParserTest {

  /** A line from the real data. */
  private static final String TYPICAL_LINE =
      "{\"user_id\": \"-6434255326544341291\", \"ip\": \"192.175.49.116\", \"lat\": 37.751,"
          + " \"lng\": -97.822, \"timestamp\": \"2026-03-05T21:49:42.746115Z\", \"http_request\":"
          + " \"\\\"GET eucharya.html HTTP/1.0\\\"\", \"http_response\": 200, \"num_bytes\": 182,"
          + " \"user_agent\": \"Mozilla/5.0 (compatible; MSIE 7.0; Windows NT 5.01;"
          + " Trident/5.1)\"}";

  private static final String TS = "2026-03-05T21:49:42.746Z";
  private static final long TS_MILLIS = Instant.parse(TS).toEpochMilli();

  /** A line with the three fields as given, as raw JSON value text. */
  private static String line(String userId, String timestamp, String numBytes) {
    return "{\"user_id\": "
        + userId
        + ", \"timestamp\": "
        + timestamp
        + ", \"num_bytes\": "
        + numBytes
        + "}";
  }

  /** A valid line with an extra member (raw JSON text such as {@code "x": 1}) at the end. */
  private static String validWith(String extraMember) {
    return "{\"user_id\": \"u\", \"timestamp\": \""
        + TS
        + "\", \"num_bytes\": 1, "
        + extraMember
        + "}";
  }

  private static Event parse(String line) {
    try {
      return EventParser.parse(line);
    } catch (InvalidEventException e) {
      throw new AssertionError("rejected " + line + ": " + e.reason() + " " + e.getMessage(), e);
    }
  }

  private static InvalidEventException assertRejected(
      String line, RejectReason reason, String messagePart) {
    InvalidEventException e =
        assertThrows(InvalidEventException.class, () -> EventParser.parse(line));
    assertEquals("reason for " + line + " (" + e.getMessage() + ")", reason, e.reason());
    assertThat(e.getMessage(), containsString(messagePart));
    assertThat("single line", e.getMessage(), not(containsString("\n")));
    return e;
  }

  // ---- Valid lines ----

  @Test
  public void typicalLineIsAnEvent() {
    Event event = parse(TYPICAL_LINE);
    assertEquals(
        new Event(
            "-6434255326544341291", Instant.parse("2026-03-05T21:49:42.746Z").toEpochMilli(), 182),
        event);
  }

  @Test
  public void fieldsInAnyOrderWithWhitespaceAround() {
    Event event =
        parse(" \t{ \"num_bytes\" : 7 ,\"timestamp\":\"" + TS + "\",\"user_id\":\"a\" }\t ");
    assertEquals(new Event("a", TS_MILLIS, 7), event);
  }

  @Test
  public void userIdStringIsTakenAsDecoded() {
    assertEquals("a\"b\u00e9", parse(line("\"a\\\"b\\u00e9\"", "\"" + TS + "\"", "1")).userId());
  }

  @Test
  public void userIdIntegerIsItsCanonicalDecimalText() {
    assertEquals("12345", parse(line("12345", "\"" + TS + "\"", "1")).userId());
    assertEquals("-42", parse(line("-42", "\"" + TS + "\"", "1")).userId());
    assertEquals("0", parse(line("-0", "\"" + TS + "\"", "1")).userId());
  }

  @Test
  public void userIdIntegerAtInt64Limits() {
    assertEquals(
        "9223372036854775807", parse(line("9223372036854775807", "\"" + TS + "\"", "1")).userId());
    assertEquals(
        "-9223372036854775808",
        parse(line("-9223372036854775808", "\"" + TS + "\"", "1")).userId());
  }

  @Test
  public void numBytesZeroMinusZeroAndMaximum() {
    assertEquals(0, parse(line("\"u\"", "\"" + TS + "\"", "0")).numBytes());
    assertEquals(0, parse(line("\"u\"", "\"" + TS + "\"", "-0")).numBytes());
    assertEquals(
        Long.MAX_VALUE, parse(line("\"u\"", "\"" + TS + "\"", "9223372036854775807")).numBytes());
  }

  @Test
  public void seedTimestampFormatIsUtc() {
    long expected =
        LocalDateTime.parse("2026-03-05T21:49:42").toInstant(ZoneOffset.UTC).toEpochMilli();
    assertEquals(expected, parse(line("\"u\"", "\"2026-03-05 21:49:42\"", "1")).timestampMillis());
  }

  @Test
  public void timestampOffsetIsApplied() {
    assertEquals(
        Instant.parse("2026-03-05T21:30:00Z").toEpochMilli(),
        parse(line("\"u\"", "\"2026-03-05T23:30:00+02:00\"", "1")).timestampMillis());
  }

  @Test
  public void otherFieldsMayHoldAnyJsonValue() {
    Event event =
        parse(
            validWith(
                "\"a\": null, \"b\": true, \"c\": -1.5e-3, \"d\": [1, [2, {\"x\": {}}], []],"
                    + " \"e\": {\"f\": {\"g\": [\"h\", {\"user_id\": 5}]}}, \"\": \"empty name\""));
    assertEquals(new Event("u", TS_MILLIS, 1), event);
  }

  @Test
  public void sameNameInDifferentObjectsIsNotADuplicate() {
    Event event =
        parse(
            validWith(
                "\"a\": {\"x\": 1, \"y\": {\"x\": 2}}, \"b\": {\"x\": 3},"
                    + " \"c\": [{\"x\": 1}, {\"x\": 2}], \"x\": 0"));
    assertEquals(new Event("u", TS_MILLIS, 1), event);
  }

  @Test
  public void manyOtherFieldsAreFine() {
    StringBuilder extra = new StringBuilder();
    for (int i = 0; i < 100; i++) {
      extra.append(i == 0 ? "" : ", ").append("\"f").append(i).append("\": ").append(i);
    }
    assertEquals(new Event("u", TS_MILLIS, 1), parse(validWith(extra.toString())));
  }

  @Test
  public void isBlankMeansEmptyOrWhitespaceOnly() {
    assertTrue(EventParser.isBlank(""));
    assertTrue(EventParser.isBlank(" \t "));
    assertFalse(EventParser.isBlank(" {} "));
  }

  // ---- INVALID_JSON ----

  /**
   * The message for a line that is not JSON: the column (1-based, in UTF-16 units) of the character
   * where the parser stopped, and up to 30 characters of the line up to it.
   */
  private static void assertInvalidJsonAt(String line, int column) {
    String before =
        line.substring(Math.max(0, column - 30), column)
            .replace("\\", "\\\\")
            .replace("\"", "\\\"");
    assertRejected(
        line,
        RejectReason.INVALID_JSON,
        "invalid JSON at column "
            + column
            + ": the parser stopped after "
            + (column > 30 ? "..." : "")
            + "\""
            + before
            + "\"");
  }

  @Test
  public void unterminatedStringIsInvalidJson() {
    assertRejected(
        "{\"user_id\": \"1\", \"ip\": \"192.1",
        RejectReason.INVALID_JSON,
        "invalid JSON: the line ends before the JSON text is complete (path $.ip)");
  }

  @Test
  public void unclosedObjectIsInvalidJson() {
    InvalidEventException e = assertRejected("{", RejectReason.INVALID_JSON, "invalid JSON");
    assertEquals("invalid JSON: the line ends before the JSON text is complete", e.getMessage());
    assertRejected(
        validWith("\"x\": 1").replaceAll("}$", ""),
        RejectReason.INVALID_JSON,
        "invalid JSON: the line ends before the JSON text is complete");
  }

  @Test
  public void singleQuotesAreInvalidJson() {
    InvalidEventException e =
        assertRejected(
            "{'user_id': 'u', \"timestamp\": \"" + TS + "\", \"num_bytes\": 1}",
            RejectReason.INVALID_JSON,
            "invalid JSON");
    assertEquals("invalid JSON at column 2: the parser stopped after \"{'\"", e.getMessage());
  }

  @Test
  public void invalidJsonMessageIsOursNotGsons() {
    // Gson's own text ("Use JsonReader.setStrictness...", "line 1 column", its help link) is for
    // programmers and may change with any Gson version; the message must not carry it.
    String line = validWith("\"x\": 'y'");
    InvalidEventException e = assertRejected(line, RejectReason.INVALID_JSON, "invalid JSON");
    assertThat(e.getMessage(), not(containsString("Strictness")));
    assertThat(e.getMessage(), not(containsString("line 1")));
    assertThat(e.getMessage(), not(containsString("http")));
    assertInvalidJsonAt(line, line.indexOf('\'') + 1);
  }

  @Test
  public void commentsAreInvalidJson() {
    assertRejected(validWith("\"x\": 1 /* note */"), RejectReason.INVALID_JSON, "invalid JSON");
    assertRejected(validWith("\"x\": 1 // note"), RejectReason.INVALID_JSON, "invalid JSON");
  }

  @Test
  public void unquotedNameIsInvalidJson() {
    assertRejected(validWith("x: 1"), RejectReason.INVALID_JSON, "invalid JSON");
  }

  @Test
  public void nanAndInfinityAreInvalidJson() {
    // NaN is no JSON value: the parser stops at its first letter.
    String nan = validWith("\"lat\": NaN");
    assertInvalidJsonAt(nan, nan.indexOf("NaN") + 1);
    // A minus sign may start a number; the letter after it may not.
    String infinity = validWith("\"lat\": -Infinity");
    assertInvalidJsonAt(infinity, infinity.indexOf("-Infinity") + 2);
  }

  @Test
  public void invalidEscapeIsInvalidJson() {
    // Stopped at the character after the backslash.
    String escape = validWith("\"x\": \"a\\qb\"");
    assertInvalidJsonAt(escape, escape.indexOf("\\q") + 2);
    assertRejected(validWith("\"x\": \"\\'\""), RejectReason.INVALID_JSON, "invalid JSON");
  }

  @Test
  public void trailingCommaIsInvalidJson() {
    assertRejected(validWith("\"x\": 1,"), RejectReason.INVALID_JSON, "invalid JSON");
  }

  @Test
  public void nonRfcNumberFormsAreInvalidJson() {
    // Gson's strict mode rejects these itself, in our fields and in others alike.
    for (String number : new String[] {"012", "-01", "+1", ".5", "1.", "0x10", "1e", "-"}) {
      assertRejected(
          line("\"u\"", "\"" + TS + "\"", number), RejectReason.INVALID_JSON, "invalid JSON");
      assertRejected(
          validWith("\"http_response\": " + number), RejectReason.INVALID_JSON, "invalid JSON");
    }
  }

  @Test
  public void unescapedControlCharacterInAStringIsInvalidJson() {
    // Gson checks this when it decodes a string, but not when it skips one: both are covered.
    // The message escapes the control character so that it stays readable and on one line.
    String inUserId = line("\"a\u0001b\"", "\"" + TS + "\"", "1");
    assertEquals(
        "invalid JSON at column 15: the parser stopped after \"{\\\"user_id\\\": \\\"a\\u0001\"",
        assertRejected(inUserId, RejectReason.INVALID_JSON, "invalid JSON").getMessage());
    String inSkipped = validWith("\"user_agent\": \"Mozilla\t5.0\"");
    assertRejected(
        inSkipped, RejectReason.INVALID_JSON, "at column " + (inSkipped.indexOf('\t') + 1));
    assertRejected(
        validWith("\"x\": [{\"y\": \"\u001f\"}]"), RejectReason.INVALID_JSON, "invalid JSON");
  }

  @Test
  public void tabsAndEscapedControlCharactersAreFine() {
    // A tab outside strings is JSON whitespace; inside a string it must be written \t.
    assertEquals(
        new Event("u", TS_MILLIS, 1),
        parse(
            "{\t\"user_id\":\t\"u\",\t\"timestamp\": \""
                + TS
                + "\", \"num_bytes\": 1,"
                + " \"x\": \"a\\tb\\u0001\"}\t"));
  }

  @Test
  public void byteOrderMarkBeforeTheObjectIsInvalidJson() {
    // The reader drops the byte-order mark that starts a file, so one that reaches the parser
    // sits at the start of a later line (files joined together): not JSON text (RFC 8259).
    assertRejected(
        "\ufeff" + validWith("\"x\": 1"),
        RejectReason.INVALID_JSON,
        "invalid JSON: the line starts with a byte-order mark (U+FEFF)");
    assertRejected("\ufeff[]", RejectReason.INVALID_JSON, "byte-order mark");
  }

  @Test
  public void byteOrderMarkAnywhereElseIsInvalidJson() {
    assertInvalidJsonAt(" \ufeff" + validWith("\"x\": 1"), 2);
    String inside = "{\ufeff" + validWith("\"x\": 1").substring(1);
    assertInvalidJsonAt(inside, 2);
    // Inside a string it is a character like any other.
    assertEquals(
        new Event("u\ufeff", TS_MILLIS, 1), parse(line("\"u\ufeff\"", "\"" + TS + "\"", "1")));
  }

  @Test
  public void longExcerptIsCut() {
    String line = validWith("\"x\": \"" + "y".repeat(500) + "\", \"z\": tru}");
    InvalidEventException e = assertRejected(line, RejectReason.INVALID_JSON, "invalid JSON");
    // "tru" is no literal: the parser stops at the character after it, the first "}" of the two
    // that end the line; the message shows the 30 characters up to it.
    assertEquals(
        "invalid JSON at column "
            + (line.length() - 1)
            + ": the parser stopped after ...\""
            + "y".repeat(18)
            + "\\\", \\\"z\\\": tru}\"",
        e.getMessage());
  }

  @Test
  public void deepNestingInOtherFieldsIsFine() {
    // Other fields never make a line invalid, however deep (Gson's default limit is 255).
    int depth = 100_000;
    assertEquals(
        new Event("u", TS_MILLIS, 1),
        parse(validWith("\"x\": " + "[".repeat(depth) + "]".repeat(depth))));
    assertEquals(
        new Event("u", TS_MILLIS, 1),
        parse(validWith("\"x\": " + "{\"a\": [".repeat(depth) + "]}".repeat(depth))));
  }

  @Test
  public void deepNestingIsStillCheckedStrictly() {
    int depth = 100_000;
    String open = "{\"a\": [".repeat(depth);
    String close = "]}".repeat(depth);
    String duplicate = validWith("\"x\": " + open + "{\"b\": 1, \"b\": 2}" + close);
    assertRejected(
        duplicate, RejectReason.DUPLICATE_FIELD, "duplicate field \"b\" at $.x.a[0].a[0]");
    String unclosed = validWith("\"x\": " + open + close.substring(1));
    assertRejected(unclosed, RejectReason.INVALID_JSON, "invalid JSON");
    String badLiteral = validWith("\"x\": " + open + "nul" + close);
    assertInvalidJsonAt(badLiteral, badLiteral.indexOf("nul") + 4);
  }

  @Test
  public void invalidJsonTakesPrecedenceOverBadFields() {
    assertRejected(
        "{\"user_id\": null, \"user_id\": 1, \"x\": 'y'}",
        RejectReason.INVALID_JSON,
        "invalid JSON");
  }

  // ---- NOT_AN_OBJECT ----

  @Test
  public void arrayIsNotAnObject() {
    assertRejected(
        "[" + TYPICAL_LINE + "]",
        RejectReason.NOT_AN_OBJECT,
        "not a JSON object: the line is a JSON array");
  }

  @Test
  public void primitivesAreNotObjects() {
    assertRejected("\"text\"", RejectReason.NOT_AN_OBJECT, "the line is a JSON string");
    assertRejected("42", RejectReason.NOT_AN_OBJECT, "the line is a JSON number");
    assertRejected("true", RejectReason.NOT_AN_OBJECT, "the line is a JSON boolean");
    assertRejected("false", RejectReason.NOT_AN_OBJECT, "the line is a JSON boolean");
    assertRejected("null", RejectReason.NOT_AN_OBJECT, "the line is JSON null");
  }

  @Test
  public void malformedNonObjectIsInvalidJson() {
    assertRejected("[1, 'x']", RejectReason.INVALID_JSON, "invalid JSON");
    assertRejected("\"unterminated", RejectReason.INVALID_JSON, "invalid JSON");
  }

  // ---- TRAILING_DATA ----

  @Test
  public void secondObjectIsTrailingData() {
    String first = validWith("\"x\": 1");
    assertRejected(
        first + " " + first,
        RejectReason.TRAILING_DATA,
        "trailing data after the JSON object at column " + (first.length() + 2));
  }

  @Test
  public void trailingCharacterIsTrailingData() {
    String first = validWith("\"x\": \"}\\\"}\", \"y\": [{}]");
    assertRejected(
        first + "x",
        RejectReason.TRAILING_DATA,
        "trailing data after the JSON object at column " + (first.length() + 1));
  }

  @Test
  public void trailingCommaAfterObjectIsTrailingData() {
    String first = validWith("\"x\": 1");
    assertRejected(first + " \t,", RejectReason.TRAILING_DATA, "at column " + (first.length() + 3));
  }

  @Test
  public void trailingWhitespaceIsFine() {
    assertEquals(new Event("u", TS_MILLIS, 1), parse(validWith("\"x\": 1") + " \t\r\n "));
  }

  // ---- DUPLICATE_FIELD ----

  @Test
  public void duplicateOfOurFieldIsRejected() {
    assertRejected(
        "{\"user_id\": \"a\", \"timestamp\": \"" + TS + "\", \"num_bytes\": 1, \"user_id\": \"a\"}",
        RejectReason.DUPLICATE_FIELD,
        "duplicate field \"user_id\"");
  }

  @Test
  public void duplicateOfOtherTopLevelFieldIsRejected() {
    assertRejected(
        validWith("\"ip\": \"1.2.3.4\", \"ip\": \"1.2.3.4\""),
        RejectReason.DUPLICATE_FIELD,
        "duplicate field \"ip\"");
  }

  @Test
  public void duplicateInNestedObjectIsRejected() {
    assertRejected(
        validWith("\"meta\": {\"a\": 1, \"b\": {\"c\": 1, \"c\": 2}}"),
        RejectReason.DUPLICATE_FIELD,
        "duplicate field \"c\" at $.meta.b.c");
  }

  @Test
  public void duplicateInObjectInArrayIsRejected() {
    assertRejected(
        validWith("\"list\": [1, {\"a\": 1, \"a\": 1}]"),
        RejectReason.DUPLICATE_FIELD,
        "duplicate field \"a\" at $.list[1].a");
  }

  @Test
  public void duplicateAmongManyNamesIsRejected() {
    // Past a few dozen names the check moves from a scan to a set; both must find duplicates.
    StringBuilder many = new StringBuilder("\"big\": {");
    for (int i = 0; i < 50_000; i++) {
      many.append("\"n").append(i).append("\": {\"a\": 1, \"b\": 2}, ");
    }
    String members = many.append("\"n0\": 0}").toString();
    assertRejected(
        validWith(members), RejectReason.DUPLICATE_FIELD, "duplicate field \"n0\" at $.big.n0");
    assertEquals(
        new Event("u", TS_MILLIS, 1), parse(validWith(members.replace("\"n0\": 0", "\"z\": 0"))));
  }

  @Test
  public void duplicateInsideOurFieldsValueIsRejected() {
    assertRejected(
        line("{\"k\": 1, \"k\": 2}", "\"" + TS + "\"", "1"),
        RejectReason.DUPLICATE_FIELD,
        "duplicate field \"k\"");
  }

  @Test
  public void trailingDataTakesPrecedenceOverDuplicate() {
    assertRejected(
        validWith("\"ip\": 1, \"ip\": 2") + "x", RejectReason.TRAILING_DATA, "trailing data");
  }

  @Test
  public void duplicateTakesPrecedenceOverBadFields() {
    assertRejected(
        "{\"user_id\": null, \"a\": 1, \"a\": 1}",
        RejectReason.DUPLICATE_FIELD,
        "duplicate field \"a\"");
  }

  // ---- MISSING_FIELD ----

  @Test
  public void missingUserId() {
    assertRejected(
        "{\"timestamp\": \"" + TS + "\", \"num_bytes\": 1}",
        RejectReason.MISSING_FIELD,
        "missing field \"user_id\"");
  }

  @Test
  public void missingTimestamp() {
    assertRejected(
        "{\"user_id\": \"u\", \"num_bytes\": 1}",
        RejectReason.MISSING_FIELD,
        "missing field \"timestamp\"");
  }

  @Test
  public void missingNumBytes() {
    assertRejected(
        "{\"user_id\": \"u\", \"timestamp\": \"" + TS + "\", \"numBytes\": 1}",
        RejectReason.MISSING_FIELD,
        "missing field \"num_bytes\"");
  }

  @Test
  public void firstMissingFieldIsReported() {
    assertRejected("{}", RejectReason.MISSING_FIELD, "missing field \"user_id\"");
    assertRejected(
        "{\"user_id\": \"u\"}", RejectReason.MISSING_FIELD, "missing field \"timestamp\"");
  }

  @Test
  public void fieldProblemsAreReportedInFieldOrder() {
    // An invalid user_id comes before a missing timestamp, which comes before a bad num_bytes.
    assertRejected(
        "{\"num_bytes\": -1, \"user_id\": true}", RejectReason.INVALID_USER_ID, "got true");
    assertRejected(
        "{\"num_bytes\": -1, \"user_id\": 1}",
        RejectReason.MISSING_FIELD,
        "missing field \"timestamp\"");
  }

  // ---- INVALID_USER_ID ----

  private static void assertBadUserId(String value, String messagePart) {
    assertRejected(
        line(value, "\"" + TS + "\"", "1"),
        RejectReason.INVALID_USER_ID,
        "field \"user_id\" must be a non-empty string or an integer, got " + messagePart);
  }

  @Test
  public void userIdNull() {
    assertBadUserId("null", "null");
  }

  @Test
  public void userIdBoolean() {
    assertBadUserId("false", "false");
  }

  @Test
  public void userIdEmptyString() {
    assertBadUserId("\"\"", "an empty string");
  }

  @Test
  public void userIdFraction() {
    assertBadUserId("1.5", "1.5");
    assertBadUserId("1.0", "1.0");
  }

  @Test
  public void userIdExponent() {
    assertBadUserId("1e3", "1e3");
  }

  @Test
  public void userIdOutOfInt64() {
    assertBadUserId("99999999999999999999", "99999999999999999999");
    assertBadUserId("9223372036854775808", "9223372036854775808");
    assertBadUserId("-9223372036854775809", "-9223372036854775809");
  }

  @Test
  public void userIdObjectOrArray() {
    assertBadUserId("{\"id\": 1}", "a JSON object");
    assertBadUserId("[1]", "a JSON array");
  }

  @Test
  public void userIdWithLoneSurrogateEscapeIsRejected() {
    // A string with an unpaired surrogate has no UTF-8 form; it must not become the user "?".
    assertRejected(
        line("\"\\ud800\"", "\"" + TS + "\"", "1"),
        RejectReason.INVALID_USER_ID,
        "field \"user_id\" must be valid Unicode text, got the string \"\\ud800\" with an unpaired"
            + " UTF-16 surrogate (U+D800) at character 1");
    assertRejected(
        line("\"ab\\udc00\"", "\"" + TS + "\"", "1"),
        RejectReason.INVALID_USER_ID,
        "(U+DC00) at character 3");
    // A high surrogate at the end, and a pair in the wrong order.
    assertRejected(
        line("\"a\\ud83d\"", "\"" + TS + "\"", "1"),
        RejectReason.INVALID_USER_ID,
        "got the string \"a\\ud83d\" with an unpaired UTF-16 surrogate (U+D83D) at character 2");
    assertRejected(
        line("\"\\ude00\\ud83d\"", "\"" + TS + "\"", "1"),
        RejectReason.INVALID_USER_ID,
        "(U+DE00) at character 1");
    // A valid pair after a lone one: the lone one is reported, the pair is kept in the message.
    assertRejected(
        line("\"\\udc00\\ud83d\\ude00\"", "\"" + TS + "\"", "1"),
        RejectReason.INVALID_USER_ID,
        "got the string \"\\udc00\ud83d\ude00\" with");
  }

  @Test
  public void userIdWithSurrogatePairIsKept() {
    // U+1F600 escaped as a pair, and written as itself: the same user.
    assertEquals(
        "x\ud83d\ude00", parse(line("\"x\\ud83d\\ude00\"", "\"" + TS + "\"", "1")).userId());
    assertEquals("x\ud83d\ude00", parse(line("\"x\ud83d\ude00\"", "\"" + TS + "\"", "1")).userId());
  }

  @Test
  public void loneSurrogatesInOtherFieldsAndNamesAreFine() {
    assertEquals(
        new Event("u", TS_MILLIS, 1),
        parse(validWith("\"x\": \"\\ud800\", \"\\udc00\": [\"\\udbff\"]")));
  }

  // ---- INVALID_TIMESTAMP ----

  @Test
  public void timestampNotAString() {
    assertRejected(
        line("\"u\"", "1772747382746", "1"),
        RejectReason.INVALID_TIMESTAMP,
        "field \"timestamp\" must be a date-time string, got 1772747382746");
    assertRejected(line("\"u\"", "null", "1"), RejectReason.INVALID_TIMESTAMP, "got null");
  }

  @Test
  public void timestampImpossibleDate() {
    assertRejected(
        line("\"u\"", "\"2026-02-30 10:00:00\"", "1"),
        RejectReason.INVALID_TIMESTAMP,
        "field \"timestamp\" is not a valid date-time: \"2026-02-30 10:00:00\" (expected ISO-8601"
            + " such as 2026-03-05T21:49:42.746Z or YYYY-MM-DD HH:MM:SS)");
  }

  @Test
  public void timestampWithLowerCaseSeparatorAndZone() {
    // RFC 3339 allows "t" and "z" in lower case.
    assertEquals(
        TS_MILLIS, parse(line("\"u\"", "\"2026-03-05t21:49:42.746z\"", "1")).timestampMillis());
  }

  @Test
  public void timestampOutOfBigQueryRange() {
    assertRejected(
        line("\"u\"", "\"0000-01-01T00:00:00Z\"", "1"),
        RejectReason.TIMESTAMP_OUT_OF_RANGE,
        "field \"timestamp\" is out of range: \"0000-01-01T00:00:00Z\" (event times must lie"
            + " between 0002-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z");
    // The offset moves this one past the last instant BigQuery holds.
    assertRejected(
        line("\"u\"", "\"9999-12-31T23:30:00-01:00\"", "1"),
        RejectReason.TIMESTAMP_OUT_OF_RANGE,
        "out of range");
  }

  @Test
  public void badFieldsBeforeTheTimestampTakePrecedenceOverItsRange() {
    assertRejected(
        line("\"\\ud800\"", "\"0000-01-01T00:00:00Z\"", "1"),
        RejectReason.INVALID_USER_ID,
        "U+D800");
  }

  @Test
  public void timestampEmpty() {
    assertRejected(
        line("\"u\"", "\"\"", "1"),
        RejectReason.INVALID_TIMESTAMP,
        "is not a valid date-time: \"\"");
  }

  @Test
  public void longTimestampIsCutInTheMessage() {
    String longValue = TS + "x".repeat(500);
    InvalidEventException e =
        assertRejected(
            line("\"u\"", "\"" + longValue + "\"", "1"),
            RejectReason.INVALID_TIMESTAMP,
            "\"" + TS + "xxx");
    assertThat(e.getMessage(), containsString("xxx\"..."));
    assertThat(e.getMessage().length(), lessThan(300));
  }

  @Test
  public void lineBreaksInValuesAreEscapedInTheMessage() {
    assertRejected(
        line("\"u\"", "\"2026-03-05\\n21:49:42\"", "1"),
        RejectReason.INVALID_TIMESTAMP,
        "\"2026-03-05\\n21:49:42\"");
  }

  // ---- INVALID_NUM_BYTES ----

  private static void assertBadNumBytes(String value, String messagePart) {
    assertRejected(
        line("\"u\"", "\"" + TS + "\"", value),
        RejectReason.INVALID_NUM_BYTES,
        "field \"num_bytes\" must be an integer >= 0, got " + messagePart);
  }

  @Test
  public void numBytesNegative() {
    assertBadNumBytes("-5", "-5");
  }

  @Test
  public void numBytesString() {
    assertBadNumBytes("\"12\"", "the string \"12\"");
  }

  @Test
  public void numBytesFraction() {
    assertBadNumBytes("1.0", "1.0");
  }

  @Test
  public void numBytesExponent() {
    assertBadNumBytes("1e3", "1e3");
  }

  @Test
  public void numBytesNull() {
    assertBadNumBytes("null", "null");
  }

  @Test
  public void numBytesOutOfInt64() {
    assertBadNumBytes("9223372036854775808", "9223372036854775808");
  }

  @Test
  public void longNumberIsCutInTheMessage() {
    String digits = "9".repeat(400);
    InvalidEventException e =
        assertRejected(
            line("\"u\"", "\"" + TS + "\"", digits),
            RejectReason.INVALID_NUM_BYTES,
            "got " + "9".repeat(100) + "...");
    assertThat(e.getMessage().length(), lessThan(200));
  }

  // ---- The exception and the reasons ----

  @Test
  public void rejectionHasNoStackTrace() {
    InvalidEventException e =
        assertThrows(InvalidEventException.class, () -> EventParser.parse("[]"));
    assertEquals(0, e.getStackTrace().length);
  }

  @Test
  public void counterNamesAreSnakeCaseNames() {
    assertEquals("invalid_json", RejectReason.INVALID_JSON.counterName());
    for (RejectReason reason : RejectReason.values()) {
      assertEquals(reason.name().toLowerCase(Locale.ROOT), reason.counterName());
    }
  }
}
