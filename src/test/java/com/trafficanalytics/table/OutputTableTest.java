package com.trafficanalytics.table;

import static com.trafficanalytics.table.OutputTable.nullable;
import static com.trafficanalytics.table.OutputTable.required;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import com.google.api.services.bigquery.model.TableRow;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.io.gcp.bigquery.TableRowJsonCoder;
import org.apache.beam.sdk.util.CoderUtils;
import org.junit.Test;

/** A row made from a table's columns is the row {@code TableRow.set} makes, column for column. */
public class OutputTableTest {
  private static final OutputTable TABLE =
      new OutputTable(
          List.of(
              required("user_id", "STRING"),
              required("pageviews", "INT64"),
              nullable("note", "STRING")),
          null,
          List.of());

  @Test
  public void aRowIsTheRowThatSetMakesInTheSameOrder() throws Exception {
    TableRow made = TABLE.row("u1", 3L, null);
    TableRow set = new TableRow().set("user_id", "u1").set("pageviews", 3L).set("note", null);
    assertEquals(set, made);
    assertEquals(List.of("user_id", "pageviews", "note"), new ArrayList<>(made.keySet()));
    assertEquals(
        new String(CoderUtils.encodeToByteArray(TableRowJsonCoder.of(), set), "UTF-8"),
        new String(CoderUtils.encodeToByteArray(TableRowJsonCoder.of(), made), "UTF-8"));
    // A copy can take one more column, as a dated BigQuery load adds run_date.
    TableRow dated = made.clone().set(OutputTable.RUN_DATE_COLUMN, "2026-03-05");
    assertEquals(4, dated.size());
    assertEquals(3, made.size());
  }

  @Test
  public void valuesMustBeOnePerColumn() {
    assertThrows(IllegalArgumentException.class, () -> TABLE.row("u1", 3L));
  }
}
