package com.trafficanalytics.analysis;

import static com.trafficanalytics.table.OutputTable.required;

import com.google.api.services.bigquery.model.TableRow;
import com.trafficanalytics.events.Event;
import com.trafficanalytics.events.EventTimestamps;
import com.trafficanalytics.table.OutputTable;
import java.util.List;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.joda.time.Duration;

/**
 * The {@code minute_traffic} analysis: pageviews per event-time fixed window (60 seconds unless
 * {@code --windowSeconds} says otherwise), one row per window that has events.
 *
 * <p>The windows are Beam's {@link FixedWindows}: a window here is the window {@code
 * Window.into(FixedWindows.of(size))} would give. Grouping by the window start inside the
 * pre-aggregation avoids carrying every event as a timestamped element.
 */
public final class MinuteTraffic extends TrafficAnalysis<Long> {
  private static final long serialVersionUID = 1L;

  /** The name used by {@code --mode}, the output folder and the default table name. */
  public static final String NAME = "minute_traffic";

  private static final OutputTable TABLE =
      new OutputTable(
          List.of(required("timestamp", "TIMESTAMP"), required("pageviews", "INT64")),
          "timestamp",
          List.of());

  private final FixedWindows windows;

  /** Counts pageviews in event-time windows of {@code windowSeconds} seconds. */
  public MinuteTraffic(int windowSeconds) {
    this.windows = FixedWindows.of(Duration.standardSeconds(windowSeconds));
  }

  @Override
  public String name() {
    return NAME;
  }

  /**
   * The start of the event's window, in epoch milliseconds: the window {@link
   * FixedWindows#assignWindow} gives, computed without the two objects it allocates, since this
   * runs once per event. (Before 1970 Beam's arithmetic, a truncating {@code %}, puts an event in
   * the window after it; {@code floorMod} keeps every event inside its window.)
   */
  @Override
  public Long groupOf(Event event) {
    long size = windows.getSize().getMillis();
    long offset = windows.getOffset().getMillis();
    long timestamp = event.timestampMillis();
    return timestamp - Math.floorMod(timestamp - offset, size);
  }

  @Override
  public Coder<Long> keyCoder() {
    return VarLongCoder.of();
  }

  /** Only pageviews are output per window. */
  @Override
  public boolean countsBytes() {
    return false;
  }

  @Override
  public String describe(Long windowStart) {
    return "the window starting " + EventTimestamps.formatSeconds(windowStart);
  }

  @Override
  public TableRow toRow(Long windowStart, TrafficStats stats) {
    return TABLE.row(EventTimestamps.formatSeconds(windowStart), stats.pageviews());
  }

  @Override
  public OutputTable outputTable() {
    return TABLE;
  }
}
