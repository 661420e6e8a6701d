package com.trafficanalytics.analysis;

import com.google.api.services.bigquery.model.TableRow;
import com.trafficanalytics.events.Event;
import com.trafficanalytics.table.OutputTable;
import java.io.Serializable;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.TupleTag;

/**
 * One analysis: which events belong together, and what row each group becomes. The figures of a
 * group are always {@link TrafficStats}; an analysis only chooses the grouping and the columns.
 *
 * @param <K> the group key, e.g. a user id or a window start
 */
public abstract class TrafficAnalysis<K> implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The analysis name as used by {@code --mode}, output folders and default table names. */
  public abstract String name();

  /** The group an event belongs to. */
  public abstract K groupOf(Event event);

  /** How group keys travel between workers. */
  public abstract Coder<K> keyCoder();

  /** The output row of one group. */
  public abstract TableRow toRow(K group, TrafficStats stats);

  /**
   * Whether the output has byte figures. An analysis without them counts its events with zero
   * bytes: it computes only what it outputs, so a sum it never shows cannot fail the run.
   */
  public boolean countsBytes() {
    return true;
  }

  /** The group as a person reads it in a message, e.g. {@code user_id "42"}. */
  public abstract String describe(K group);

  /** The output's columns and table layout. */
  public abstract OutputTable outputTable();

  /** Tags this analysis' partial aggregates in a multi-output step. */
  public final TupleTag<KV<Integer, PackedFigures<K>>> partialsTag() {
    return new TupleTag<>("partials-" + name());
  }

  @Override
  public String toString() {
    return name();
  }
}
