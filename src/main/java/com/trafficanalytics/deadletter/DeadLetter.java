package com.trafficanalytics.deadletter;

import static com.trafficanalytics.table.OutputTable.nullable;
import static com.trafficanalytics.table.OutputTable.required;

import com.google.api.services.bigquery.model.TableRow;
import com.trafficanalytics.coders.FieldsCoder;
import com.trafficanalytics.events.RejectReason;
import com.trafficanalytics.table.OutputTable;
import java.util.Base64;
import java.util.List;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A rejected input line, or a file that could not be read, with the reason, so nothing is lost
 * silently: the same record in files and in BigQuery, for every kind of rejection. Coded by {@link
 * FieldsCoder}: the reason by its constant's name, the nullable fields behind a presence byte.
 *
 * @param reason the machine-readable reason; {@link RejectReason#aboutFile()} tells a record about
 *     a file from one about a line
 * @param line the line's text (cut to {@code --maxLineBytes} when it was longer; bytes that are not
 *     UTF-8 shown as U+FFFD); for a file, the incomplete line the damage cut short, or null
 * @param error why, for a person to read
 * @param source the input file, or null when unknown
 * @param byteOffset where in the file's content (after decompression) the line starts; for a file,
 *     the first byte not read as part of a line; null when unknown
 * @param lineBase64 the original bytes of {@code line}, base64, when the text cannot show them
 *     exactly (bytes that are not valid UTF-8, or the unfinished line of a broken file, which may
 *     end inside a character), so the record can be replayed byte for byte; else null
 */
@DefaultCoder(FieldsCoder.class)
public record DeadLetter(
    RejectReason reason,
    @Nullable String line,
    String error,
    @Nullable String source,
    @Nullable Long byteOffset,
    @Nullable String lineBase64) {

  /** The output name: folder {@code dead_letter/} and default table {@code dead_letter}. */
  public static final String NAME = "dead_letter";

  /** A rejected line whose bytes are valid UTF-8: its text is the whole record of it. */
  public static DeadLetter ofLine(
      RejectReason reason, String line, String error, @Nullable String source, long byteOffset) {
    return new DeadLetter(reason, line, error, source, byteOffset, null);
  }

  /** The base64 of {@code bytes}, as BigQuery reads and writes a BYTES value in JSON. */
  public static String base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  /** The dead-letter row; absent values are present as null, so every row has every column. */
  public TableRow toRow() {
    return new TableRow()
        .set("line", line)
        .set("error", error)
        .set("source", source)
        .set("reason", reason.counterName())
        .set("byte_offset", byteOffset)
        .set("line_bytes", lineBase64);
  }

  /**
   * Columns of the dead-letter output. The first three are those of earlier versions, in their
   * order; the columns added since, and {@code line} (which a record about a file may lack), are
   * NULLABLE, so that a table created by an earlier version takes the new rows (a load with
   * ALLOW_FIELD_ADDITION and ALLOW_FIELD_RELAXATION).
   */
  public static OutputTable outputTable() {
    return new OutputTable(
        List.of(
            nullable("line", "STRING"),
            required("error", "STRING"),
            nullable("source", "STRING"),
            nullable("reason", "STRING"),
            nullable("byte_offset", "INT64"),
            nullable("line_bytes", "BYTES")),
        null,
        List.of());
  }
}
