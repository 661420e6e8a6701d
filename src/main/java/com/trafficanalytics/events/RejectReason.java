package com.trafficanalytics.events;

/**
 * Why an input line was rejected and sent to the dead letters.
 *
 * <p>Each reason has a {@link #counterName()} used as the metric name for "dead letters by reason".
 * The names are spelled out rather than derived from {@link #name()}, so renaming a constant in the
 * code cannot silently rename a metric that dashboards depend on.
 */
public enum RejectReason {
  /**
   * The line is not well-formed strict JSON (RFC 8259), or starts with a byte-order mark (only a
   * file's first line may, and the reader drops that one).
   */
  INVALID_JSON("invalid_json"),
  /** The line is well-formed JSON but its value is an array, string, number or literal. */
  NOT_AN_OBJECT("not_an_object"),
  /** Something other than whitespace follows the JSON object. */
  TRAILING_DATA("trailing_data"),
  /** A name occurs twice in the same object, at the top level or nested. */
  DUPLICATE_FIELD("duplicate_field"),
  /** One of {@code user_id}, {@code timestamp}, {@code num_bytes} is absent. */
  MISSING_FIELD("missing_field"),
  /**
   * {@code user_id} is neither a non-empty string of valid Unicode (no unpaired UTF-16 surrogate,
   * such as an escape <code>&#92;ud800</code> alone) nor a JSON integer within int64.
   */
  INVALID_USER_ID("invalid_user_id"),
  /** {@code timestamp} is not a date-time string in one of the accepted shapes. */
  INVALID_TIMESTAMP("invalid_timestamp"),
  /**
   * {@code timestamp} is a valid date-time outside the range that BigQuery can store with its
   * windows: {@link EventTimestamps#EARLIEST_MILLIS} to {@link EventTimestamps#LATEST_MILLIS}.
   */
  TIMESTAMP_OUT_OF_RANGE("timestamp_out_of_range"),
  /** {@code num_bytes} is not a JSON integer within int64 that is {@code >= 0}. */
  INVALID_NUM_BYTES("invalid_num_bytes"),
  /** The line is longer than the reader accepts; set by the file reader, never by the parser. */
  LINE_TOO_LONG("line_too_long"),
  /**
   * The line's bytes are not valid UTF-8, so it is not JSON text (RFC 8259 requires UTF-8); set by
   * the file reader, which keeps the original bytes in the dead letter.
   */
  INVALID_UTF8("invalid_utf8"),
  /**
   * About a file, not a line: it could not be opened or read (it vanished after it was matched,
   * or an I/O error outlasted the file system's own retries).
   */
  UNREADABLE_FILE("unreadable_file"),
  /**
   * About a file, not a line: its compressed data is damaged, ends early (a truncated upload) or
   * is not in the format its extension names; the complete lines before the damage are read.
   */
  CORRUPT_FILE("corrupt_file"),
  /** About a file, not a line: a {@code .zip} archive with no entry, so nothing to read. */
  EMPTY_ARCHIVE("empty_archive");

  private final String counterName;

  RejectReason(String counterName) {
    this.counterName = counterName;
  }

  /** The stable snake_case metric name of this reason, such as {@code "invalid_json"}. */
  public String counterName() {
    return counterName;
  }

  /** Whether the reason is about a whole file (or the unread rest of one) rather than a line. */
  public boolean aboutFile() {
    return this == UNREADABLE_FILE || this == CORRUPT_FILE || this == EMPTY_ARCHIVE;
  }
}
