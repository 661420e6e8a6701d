package com.trafficanalytics.read;

import com.trafficanalytics.analysis.KeySpace;
import com.trafficanalytics.analysis.PartialTraffic;
import com.trafficanalytics.analysis.TrafficStats;
import com.trafficanalytics.analysis.TrafficAnalysis;
import com.trafficanalytics.deadletter.DeadLetter;
import com.trafficanalytics.events.RejectReason;
import com.trafficanalytics.metrics.TrafficCounters;
import java.io.IOException;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SeekableByteChannel;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.io.Compression;
import org.apache.beam.sdk.io.FileIO.ReadableFile;
import org.apache.beam.sdk.io.range.OffsetRange;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.splittabledofn.OffsetRangeTracker;
import org.apache.beam.sdk.transforms.splittabledofn.RestrictionTracker;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.TupleTag;

/**
 * Reads input files in chunks of lines and turns each chunk into partial figures per analysis,
 * dead letters and line counts, so that no event ever becomes a pipeline element of its own.
 *
 * <p>A splittable DoFn whose restriction counts chunks: chunk {@code k} of an uncompressed file
 * holds the lines that <em>start</em> in bytes {@code [k * chunkBytes, (k + 1) * chunkBytes)} (a
 * reader that starts mid-line skips to the next line start, as TextIO does). A file is first split
 * into runs of {@link #CHUNKS_PER_SPLIT} chunks, and the runner may split a run further while it is
 * read (Dataflow's dynamic work rebalancing, the DirectRunner's checkpoints). Each chunk is claimed
 * before it is read and its figures are emitted before the next claim, because a splittable DoFn
 * may not output anything once a claim has failed. A compressed file cannot be split: it is one
 * chunk, read whole.
 *
 * <p>Dead letters are emitted as their lines are read. Figures are also emitted early when they
 * grow past {@link #MAX_GROUPS_IN_MEMORY} groups, so a worker's memory stays bounded whatever the
 * input.
 */
@DoFn.BoundedPerElement
final class ReadAndPreAggregateFn extends DoFn<ReadableFile, LineCounts> {
  /**
   * Bytes of line starts per chunk: the unit of claiming, splitting and pre-aggregation. Larger
   * chunks shuffle fewer partial figures (a chunk of typical lines holds ~50,000 events); smaller
   * ones let Dataflow rebalance work more finely.
   */
  static final long DEFAULT_CHUNK_BYTES = 16L << 20;

  /** Chunks per initial split of a file: 32 MiB, several splits per core on a large file. */
  static final long CHUNKS_PER_SPLIT = 2;

  /** Emit the figures early past this many groups, to keep a worker's memory bounded. */
  static final int MAX_GROUPS_IN_MEMORY = 200_000;

  private final List<TrafficAnalysis<?>> analyses;
  private final int maxLineBytes;
  private final long chunkBytes;
  private final KeySpace keySpace;
  private final TupleTag<DeadLetter> deadLettersTag;

  ReadAndPreAggregateFn(
      List<TrafficAnalysis<?>> analyses,
      int maxLineBytes,
      long chunkBytes,
      KeySpace keySpace,
      TupleTag<DeadLetter> deadLettersTag) {
    this.analyses = analyses;
    this.maxLineBytes = maxLineBytes;
    this.chunkBytes = chunkBytes;
    this.keySpace = keySpace;
    this.deadLettersTag = deadLettersTag;
  }

  private static boolean splittable(ReadableFile file) {
    return file.getCompression() == Compression.UNCOMPRESSED
        && file.getMetadata().isReadSeekEfficient();
  }

  @GetInitialRestriction
  public OffsetRange initialRestriction(@Element ReadableFile file) {
    long size = file.getMetadata().sizeBytes();
    if (size == 0) {
      return new OffsetRange(0, 0);
    }
    return new OffsetRange(0, splittable(file) ? (size + chunkBytes - 1) / chunkBytes : 1);
  }

  @SplitRestriction
  public void splitRestriction(
      @Restriction OffsetRange chunks, OutputReceiver<OffsetRange> splits) {
    for (OffsetRange split : chunks.split(CHUNKS_PER_SPLIT, 1)) {
      splits.output(split);
    }
  }

  @NewTracker
  public OffsetRangeTracker newTracker(@Restriction OffsetRange chunks) {
    return new OffsetRangeTracker(chunks);
  }

  @GetRestrictionCoder
  public OffsetRange.Coder restrictionCoder() {
    return OffsetRange.Coder.of();
  }

  @ProcessElement
  public void processElement(
      @Element ReadableFile file,
      RestrictionTracker<OffsetRange, Long> tracker,
      MultiOutputReceiver out)
      throws IOException {
    long firstChunk = tracker.currentRestriction().getFrom();
    if (!tracker.tryClaim(firstChunk)) {
      return;
    }
    String source = file.getMetadata().resourceId().toString();
    LineAggregator figures = new LineAggregator(analyses, maxLineBytes);
    if (!splittable(file)) {
      try (ReadableByteChannel channel = file.open()) {
        LineReader lines = new LineReader(channel, 0, maxLineBytes);
        while (lines.nextLine()) {
          take(lines, source, figures, out);
        }
      }
      emit(figures, out);
      return;
    }
    try (SeekableByteChannel channel = file.openSeekable()) {
      LineReader lines = linesFrom(channel, firstChunk * chunkBytes);
      long chunk = firstChunk;
      do {
        long chunkEnd = (chunk + 1) * chunkBytes;
        while (lines.nextLine() && lines.offset() < chunkEnd) {
          take(lines, source, figures, out);
        }
        emit(figures, out);
        chunk++;
      } while (tracker.tryClaim(chunk));
    }
  }

  /** A reader positioned at the first line that starts at or after {@code offset}. */
  private LineReader linesFrom(SeekableByteChannel channel, long offset) throws IOException {
    if (offset == 0) {
      return new LineReader(channel, 0, maxLineBytes);
    }
    // The line that includes byte offset-1 belongs to the chunk before.
    channel.position(offset - 1);
    LineReader lines = new LineReader(channel, offset - 1, maxLineBytes);
    lines.skipRestOfLine();
    return lines;
  }

  /** Takes the next line into the figures; emits its dead letter, if any, right away. */
  private void take(
      LineReader lines, String source, LineAggregator figures, MultiOutputReceiver out)
      throws IOException {
    DeadLetter deadLetter = figures.accept(lines.readLine(), lines.truncated(), source);
    if (deadLetter != null) {
      out.get(deadLettersTag).output(deadLetter);
    }
    if (figures.groups() > MAX_GROUPS_IN_MEMORY) {
      emit(figures, out);
    }
  }

  /** Emits the figures and counts so far, and starts afresh. */
  private void emit(LineAggregator figures, MultiOutputReceiver out) {
    List<PartialTraffic<?>> partials = figures.partials();
    for (int i = 0; i < analyses.size(); i++) {
      emitPartials(analyses.get(i), partials.get(i), keySpace, out);
    }
    LineCounts counts = figures.counts();
    if (counts.linesRead() == 0) {
      return;
    }
    out.get(AnalyzeTrafficFiles.LINE_COUNTS).output(counts);
    Metrics.counter(TrafficCounters.NAMESPACE, TrafficCounters.LINES_READ).inc(counts.linesRead());
    Metrics.counter(TrafficCounters.NAMESPACE, TrafficCounters.EVENTS).inc(counts.events());
    Metrics.counter(TrafficCounters.NAMESPACE, TrafficCounters.BLANK_LINES)
        .inc(counts.blankLines());
    Metrics.counter(TrafficCounters.NAMESPACE, TrafficCounters.DEAD_LETTERS)
        .inc(counts.deadLetters());
    figures
        .rejections()
        .forEach(
            (RejectReason reason, Long count) ->
                Metrics.counter(TrafficCounters.NAMESPACE, TrafficCounters.deadLetters(reason))
                    .inc(count));
    figures.clear();
  }

  @SuppressWarnings("unchecked")
  private static <K> void emitPartials(
      TrafficAnalysis<K> analysis,
      PartialTraffic<?> partial,
      KeySpace keySpace,
      MultiOutputReceiver out) {
    for (KV<Integer, Map<K, TrafficStats>> batch :
        ((PartialTraffic<K>) partial).batches(keySpace)) {
      out.get(analysis.partialsTag()).output(batch);
    }
  }
}
