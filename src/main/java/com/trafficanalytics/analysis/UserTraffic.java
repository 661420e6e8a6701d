package com.trafficanalytics.analysis;

import static com.trafficanalytics.table.OutputTable.required;

import com.google.api.services.bigquery.model.TableRow;
import com.trafficanalytics.events.Event;
import com.trafficanalytics.table.OutputTable;
import java.util.List;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.StringUtf8Coder;

/**
 * The {@code user_traffic} analysis: one row per user with the user's pageviews and the total,
 * largest and smallest response size in bytes.
 */
public final class UserTraffic extends TrafficAnalysis<String> {
  private static final long serialVersionUID = 1L;

  /** The name used by {@code --mode}, the output folder and the default table name. */
  public static final String NAME = "user_traffic";

  private static final OutputTable TABLE =
      new OutputTable(
          List.of(
              required("user_id", "STRING"),
              required("pageviews", "INT64"),
              required("total_bytes", "INT64"),
              required("max_bytes", "INT64"),
              required("min_bytes", "INT64")),
          null,
          List.of("user_id"));

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String groupOf(Event event) {
    return event.userId();
  }

  @Override
  public Coder<String> keyCoder() {
    return StringUtf8Coder.of();
  }

  @Override
  public String describe(String userId) {
    return "user_id \"" + userId + "\"";
  }

  @Override
  public TableRow toRow(String userId, TrafficStats stats) {
    return TABLE.row(
        userId, stats.pageviews(), stats.totalBytes(), stats.maxBytes(), stats.minBytes());
  }

  @Override
  public OutputTable outputTable() {
    return TABLE;
  }
}
