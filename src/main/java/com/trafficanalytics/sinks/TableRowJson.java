package com.trafficanalytics.sinks;

import com.google.api.services.bigquery.model.TableRow;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Writes a row as one line of JSON with the columns in order: numbers as JSON numbers (so INT64
 * columns stay numbers), text as strings, a missing value as null. The file form of a BigQuery row.
 */
public final class TableRowJson {

  /** The row as a single line of JSON. */
  public static String toJsonLine(TableRow row) {
    StringWriter text = new StringWriter(128);
    try (JsonWriter json = new JsonWriter(text)) {
      json.setSerializeNulls(true);
      json.beginObject();
      for (Map.Entry<String, Object> column : row.entrySet()) {
        json.name(column.getKey());
        Object value = column.getValue();
        if (value == null) {
          json.nullValue();
        } else if (value instanceof Number number) {
          // A coder may have turned a Long into an Integer; either way a JSON number.
          json.value(number);
        } else {
          json.value(value.toString());
        }
      }
      json.endObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return text.toString();
  }

  private TableRowJson() {}
}
