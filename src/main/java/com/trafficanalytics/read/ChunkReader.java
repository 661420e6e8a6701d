package com.trafficanalytics.read;

import com.trafficanalytics.analysis.KeySpace;
import com.trafficanalytics.analysis.PackedFigures;
import com.trafficanalytics.analysis.PartialTraffic;
import com.trafficanalytics.analysis.TrafficAnalysis;
import com.trafficanalytics.deadletter.DeadLetter;
import com.trafficanalytics.events.RejectReason;
import java.io.IOException;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.values.KV;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The per-chunk work of {@link ReadAndPreAggregateFn} without Beam around it: takes the lines of a
 * chunk into a {@link LineAggregator} and emits its figures, keyed for the shuffle, through an
 * {@link Output}. On its own so that the per-event benchmark runs this very code; serializable as
 * part of the DoFn.
 */
final class ChunkReader implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Where the figures go: the DoFn's outputs and counters, or a benchmark's sink. */
  interface Output {
    /** A line's or a file's dead letter, as soon as it is found. */
    void deadLetter(DeadLetter deadLetter);

    /** One element of an analysis' partial figures, keyed for the shuffle into its merge. */
    <K> void partials(TrafficAnalysis<K> analysis, KV<Integer, PackedFigures<K>> batch);

    /** How the lines behind the figures just emitted were classified; never empty. */
    void counts(LineCounts counts, Map<RejectReason, Long> rejections);
  }

  private final List<TrafficAnalysis<?>> analyses;
  private final KeySpace keySpace;
  private final int maxGroupsInMemory;

  /**
   * @param analyses the analyses whose figures are read, in the order of the aggregator's partials
   * @param keySpace how the figures are keyed for the shuffle
   * @param maxGroupsInMemory the figures are emitted early past this many groups
   */
  ChunkReader(List<TrafficAnalysis<?>> analyses, KeySpace keySpace, int maxGroupsInMemory) {
    this.analyses = analyses;
    this.keySpace = keySpace;
    this.maxGroupsInMemory = maxGroupsInMemory;
  }

  /**
   * Takes every line from the reader's position that starts before {@code end} (the lines
   * belonging to the chunk that ends there) into {@code figures}; emits dead letters right away,
   * and the figures whenever they grow past the bound. The figures of the last lines stay in
   * {@code figures}, for the caller to {@link #emit}.
   */
  void takeLines(
      LineReader lines, long end, @Nullable String source, LineAggregator figures, Output out)
      throws IOException {
    while (lines.nextLine() && lines.offset() < end) {
      DeadLetter deadLetter = figures.take(lines, source);
      if (deadLetter != null) {
        out.deadLetter(deadLetter);
      }
      if (figures.groups() > maxGroupsInMemory) {
        emit(figures, out);
      }
    }
  }

  /** Emits the figures and counts so far, and starts afresh. */
  void emit(LineAggregator figures, Output out) {
    List<PartialTraffic<?>> partials = figures.partials();
    for (int i = 0; i < analyses.size(); i++) {
      emitPartials(analyses.get(i), partials.get(i), out);
    }
    LineCounts counts = figures.counts();
    if (counts.isEmpty()) {
      return;
    }
    out.counts(counts, figures.rejections());
    figures.clear();
  }

  @SuppressWarnings("unchecked")
  private <K> void emitPartials(
      TrafficAnalysis<K> analysis, PartialTraffic<?> partial, Output out) {
    for (KV<Integer, PackedFigures<K>> batch :
        ((PartialTraffic<K>) partial).batches(keySpace)) {
      out.partials(analysis, batch);
    }
  }
}
