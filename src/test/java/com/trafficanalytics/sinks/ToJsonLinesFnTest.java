package com.trafficanalytics.sinks;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.google.api.services.bigquery.model.TableRow;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.io.gcp.bigquery.TableRowJsonCoder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** Rows become blocks of JSON lines: every row in exactly one block, no block over its bound. */
@RunWith(JUnit4.class)
public class ToJsonLinesFnTest {
  private static final int ROWS = 2_500;

  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  @Test
  public void everyRowIsOneLineOfExactlyOneBlock() {
    List<TableRow> rows = new ArrayList<>();
    for (int i = 0; i < ROWS; i++) {
      rows.add(new TableRow().set("user_id", "user-" + i).set("pageviews", (long) i));
    }
    // Blocks of rows of uneven sizes, so that blocks of lines are cut inside them.
    List<List<TableRow>> rowBlocks = new ArrayList<>();
    int[] sizes = {1, 7, 333, 999};
    for (int from = 0, i = 0; from < ROWS; i++) {
      int to = Math.min(ROWS, from + sizes[i % sizes.length]);
      rowBlocks.add(new ArrayList<>(rows.subList(from, to)));
      from = to;
    }
    PCollection<JsonLines> blocks =
        pipeline
            .apply(Create.of(rowBlocks).withCoder(ListCoder.of(TableRowJsonCoder.of())))
            .apply(ParDo.of(new ToJsonLinesFn()));

    PAssert.that(blocks)
        .satisfies(
            all -> {
              Set<String> users = new HashSet<>();
              long lines = 0;
              for (JsonLines block : all) {
                String[] text = block.text().split("\n", -1);
                assertEquals("a block's count is its lines", block.rows(), text.length);
                assertTrue("at most MAX_ROWS a block", block.rows() <= ToJsonLinesFn.MAX_ROWS);
                for (String line : text) {
                  // Each line is a row of its own, read back by a JSON parser.
                  JsonObject row = JsonParser.parseString(line).getAsJsonObject();
                  String user = row.get("user_id").getAsString();
                  assertEquals(
                      user, Long.parseLong(user.substring(5)), row.get("pageviews").getAsLong());
                  assertTrue("a row in two blocks: " + user, users.add(user));
                  lines++;
                }
              }
              assertEquals(ROWS, lines);
              return null;
            });
    pipeline.run();
  }
}
