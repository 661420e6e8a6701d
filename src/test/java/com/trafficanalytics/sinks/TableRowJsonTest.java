package com.trafficanalytics.sinks;

import static org.junit.Assert.assertEquals;

import com.google.api.services.bigquery.model.TableRow;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.Test;

/**
 * A row becomes one line of compact JSON, its columns in order, its text escaped so that a JSON
 * parser reads back exactly the row's values and no line end is ever inside a line.
 */
public class TableRowJsonTest {

  private static String line(TableRow row) {
    StringBuilder text = new StringBuilder("before|");
    TableRowJson.appendTo(text, row);
    String all = text.toString();
    assertEquals("appended after what the text held", "before|", all.substring(0, 7));
    return all.substring(7);
  }

  @Test
  public void columnsInOrderNumbersAsNumbersNullsKept() {
    TableRow row =
        new TableRow()
            .set("user_id", "u1")
            .set("pageviews", 3L)
            .set("total_bytes", 9_223_372_036_854_775_807L)
            .set("shrunk", 7)
            .set("missing", null);
    assertEquals(
        "{\"user_id\":\"u1\",\"pageviews\":3,\"total_bytes\":9223372036854775807,\"shrunk\":7,"
            + "\"missing\":null}",
        line(row));
  }

  @Test
  public void textThatNeedsEscapingReadsBackAsItWas() {
    String[] texts = {
      "quote \" and backslash \\",
      "new\nline, carriage\rreturn, tab\t, nul \u0000 and \u001f",
      "line separators \u2028 \u2029 stay out of the line",
      "accents é, CJK 中文, emoji \uD83D\uDE00",
      "<html> & 'quotes' = fine",
      ""
    };
    for (String text : texts) {
      String line = line(new TableRow().set("user_id", text).set("pageviews", 1L));
      assertEquals("one line: " + line, -1, line.indexOf('\n'));
      assertEquals(-1, line.indexOf('\r'));
      assertEquals(-1, line.indexOf('\u2028'));
      JsonObject read = JsonParser.parseString(line).getAsJsonObject();
      assertEquals(text, read.get("user_id").getAsString());
      assertEquals(1L, read.get("pageviews").getAsLong());
    }
  }
}
