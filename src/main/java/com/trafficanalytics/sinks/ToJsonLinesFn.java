package com.trafficanalytics.sinks;

import com.google.api.services.bigquery.model.TableRow;
import java.util.List;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;

/**
 * Turns blocks of rows into {@link JsonLines} blocks: each row one line of {@link TableRowJson}, a
 * block closed at {@link #MAX_ROWS} rows or {@link #MAX_CHARS} characters, and at the end of each
 * bundle.
 * So a block's memory is bounded whatever the number of rows, and every row is in exactly one
 * block. Rows written as files are in the global window (a file write of windowed rows would need
 * windowed writes), so the blocks are too.
 */
final class ToJsonLinesFn extends DoFn<List<TableRow>, JsonLines> {
  /** The most rows in one block. */
  static final int MAX_ROWS = 1_000;

  /** A block is closed once its text reaches this many characters (one long row may pass it). */
  static final int MAX_CHARS = 1 << 20;

  private transient StringBuilder text;
  private transient long rows;

  @StartBundle
  public void startBundle() {
    text = new StringBuilder();
    rows = 0;
  }

  @ProcessElement
  public void processElement(@Element List<TableRow> block, OutputReceiver<JsonLines> out) {
    for (TableRow row : block) {
      if (rows > 0) {
        text.append('\n');
      }
      TableRowJson.appendTo(text, row);
      rows++;
      if (rows >= MAX_ROWS || text.length() >= MAX_CHARS) {
        out.output(takeBlock());
      }
    }
  }

  @FinishBundle
  public void finishBundle(FinishBundleContext context) {
    if (rows > 0) {
      context.output(takeBlock(), GlobalWindow.INSTANCE.maxTimestamp(), GlobalWindow.INSTANCE);
    }
  }

  private JsonLines takeBlock() {
    JsonLines block = new JsonLines(text.toString(), rows);
    text.setLength(0);
    rows = 0;
    return block;
  }
}
