package com.trafficanalytics.deadletter;

import static com.trafficanalytics.sinks.OutputTable.nullable;
import static com.trafficanalytics.sinks.OutputTable.required;

import com.google.api.services.bigquery.model.TableRow;
import com.trafficanalytics.sinks.OutputTable;
import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A rejected input line with the reason, so nothing is lost silently: the same record in files
 * and in BigQuery, for every kind of rejection.
 *
 * @param line the original line (cut to {@code --maxLineBytes} when it was longer)
 * @param error why the line was rejected, for a person to read
 * @param source the input file the line came from, or null when unknown
 */
public record DeadLetter(String line, String error, @Nullable String source) {

  /** The output name: folder {@code dead_letter/} and default table {@code dead_letter}. */
  public static final String NAME = "dead_letter";

  /** The dead-letter row; {@code source} is present as null when unknown. */
  public TableRow toRow() {
    return new TableRow().set("line", line).set("error", error).set("source", source);
  }

  /** Columns of the dead-letter output. */
  public static OutputTable outputTable() {
    return new OutputTable(
        List.of(
            required("line", "STRING"), required("error", "STRING"), nullable("source", "STRING")),
        null,
        List.of());
  }
}
