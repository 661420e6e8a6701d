package com.trafficanalytics.read;

import com.trafficanalytics.analysis.KeySpace;
import com.trafficanalytics.analysis.PackedFigures;
import com.trafficanalytics.analysis.TrafficAnalysis;
import com.trafficanalytics.deadletter.DeadLetter;
import com.trafficanalytics.events.RejectReason;
import com.trafficanalytics.metrics.TrafficCounters;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileSystemException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.io.Compression;
import org.apache.beam.sdk.io.FileIO.ReadableFile;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.range.OffsetRange;
import org.apache.beam.sdk.metrics.Counter;
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
 * into runs of a few chunks ({@link #CHUNKS_PER_SPLIT} by default), and the runner may split a run
 * further while it is read (Dataflow's dynamic work rebalancing, the DirectRunner's checkpoints).
 * Each chunk is claimed before it is read and its figures are emitted before the next claim,
 * because a splittable DoFn may not output anything once a claim has failed. A compressed file
 * cannot be split: it is one chunk, read whole.
 *
 * <p>Dead letters are emitted as their lines are read; a file that fails while it is read becomes a
 * dead letter of its own and never fails the run. Figures are also emitted early when they
 * grow past {@link #MAX_GROUPS_IN_MEMORY} groups, so a worker's memory stays bounded whatever the
 * input.
 *
 * <p>The work on a chunk's lines is {@link ChunkReader}'s; this class adds the files, the
 * restrictions and Beam's outputs and counters around it.
 */
@DoFn.BoundedPerElement
final class ReadAndPreAggregateFn extends DoFn<ReadableFile, LineCounts> {
  /**
   * Bytes of line starts per chunk: the unit of claiming, splitting and pre-aggregation. Larger
   * chunks shuffle fewer partial figures (a chunk of typical lines holds ~50,000 events); smaller
   * ones let Dataflow rebalance work more finely.
   */
  static final long DEFAULT_CHUNK_BYTES = 16L << 20;

  /** Chunks per initial split of a file by default: 32 MiB, many splits on a large file. */
  static final long CHUNKS_PER_SPLIT = 2;

  /** Emit the figures early past this many groups, to keep a worker's memory bounded. */
  static final int MAX_GROUPS_IN_MEMORY = 200_000;

  /** The first four bytes of a zip that holds an entry: a local file header, "PK\3\4". */
  private static final int ZIP_ENTRY = 0x504B0304;

  /** The first four bytes of a zip without entries: its end record alone, "PK\5\6". */
  private static final int ZIP_END_WITHOUT_ENTRIES = 0x504B0506;

  private final List<TrafficAnalysis<?>> analyses;
  private final int maxLineBytes;
  private final long chunkBytes;
  private final long chunksPerSplit;
  private final TupleTag<DeadLetter> deadLettersTag;
  private final ChunkReader chunks;

  private final Counter linesRead = counter(TrafficCounters.LINES_READ);
  private final Counter events = counter(TrafficCounters.EVENTS);
  private final Counter blankLines = counter(TrafficCounters.BLANK_LINES);
  private final Counter deadLetters = counter(TrafficCounters.DEAD_LETTERS);
  private final Counter brokenFiles = counter(TrafficCounters.BROKEN_FILES);
  private final EnumMap<RejectReason, Counter> deadLettersByReason =
      new EnumMap<>(RejectReason.class);

  ReadAndPreAggregateFn(
      List<TrafficAnalysis<?>> analyses,
      int maxLineBytes,
      long chunkBytes,
      long chunksPerSplit,
      KeySpace keySpace,
      TupleTag<DeadLetter> deadLettersTag) {
    this.analyses = analyses;
    this.maxLineBytes = maxLineBytes;
    this.chunkBytes = chunkBytes;
    this.chunksPerSplit = chunksPerSplit;
    this.deadLettersTag = deadLettersTag;
    this.chunks = new ChunkReader(analyses, keySpace, MAX_GROUPS_IN_MEMORY);
    for (RejectReason reason : RejectReason.values()) {
      deadLettersByReason.put(reason, counter(TrafficCounters.deadLetters(reason)));
    }
  }

  private static Counter counter(String name) {
    return Metrics.counter(TrafficCounters.NAMESPACE, name);
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
    for (OffsetRange split : chunks.split(chunksPerSplit, 1)) {
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

  /**
   * Reads the claimed chunks. A file that fails while it is read (it vanished, its compressed
   * data ends early or is damaged) does not fail the run: the lines read before the failure are
   * kept, the failure becomes one dead letter naming the file and the byte where reading stopped,
   * and the rest of this part of the file is given up.
   */
  @ProcessElement
  public void processElement(
      @Element ReadableFile file,
      RestrictionTracker<OffsetRange, Long> tracker,
      MultiOutputReceiver out) {
    long firstChunk = tracker.currentRestriction().getFrom();
    if (!tracker.tryClaim(firstChunk)) {
      return;
    }
    String source = file.getMetadata().resourceId().toString();
    LineAggregator figures = new LineAggregator(analyses, maxLineBytes);
    Outputs outputs = new Outputs(out);
    try {
      if (splittable(file)) {
        readChunks(file, firstChunk, tracker, source, figures, outputs);
      } else {
        readWhole(file, source, figures, outputs);
      }
    } catch (IOException | UncheckedIOException e) {
      BrokenInputException broken = e instanceof BrokenInputException b ? b : null;
      long from = broken != null ? broken.offset() : firstChunk * chunkBytes;
      byte[] unfinished = broken != null ? broken.unfinishedLine() : new byte[0];
      RejectReason reason =
          isCorruption(file, e) ? RejectReason.CORRUPT_FILE : RejectReason.UNREADABLE_FILE;
      String error = failureText(file, reason, from, e);
      outputs.deadLetter(figures.brokenFile(reason, error, source, from, unfinished));
      chunks.emit(figures, outputs);
      // Gives up the unread rest of this part: its dead letter covers it. A splittable DoFn must
      // end with a failed claim or its whole range claimed.
      tracker.tryClaim(Long.MAX_VALUE);
    }
  }

  /** A compressed file read whole, as one chunk. */
  private void readWhole(ReadableFile file, String source, LineAggregator figures, Outputs out)
      throws IOException {
    long contentBytes;
    try (ReadableByteChannel channel = file.open()) {
      LineReader lines = new LineReader(channel, 0, maxLineBytes);
      chunks.takeLines(lines, Long.MAX_VALUE, source, figures, out);
      contentBytes = lines.offset();
    }
    if (contentBytes == 0 && file.getCompression() == Compression.ZIP) {
      checkZipHasEntries(file, source, figures, out);
    }
    chunks.emit(figures, out);
  }

  /** The claimed chunks of an uncompressed file, each emitted before the next is claimed. */
  private void readChunks(
      ReadableFile file,
      long firstChunk,
      RestrictionTracker<OffsetRange, Long> tracker,
      String source,
      LineAggregator figures,
      Outputs out)
      throws IOException {
    try (SeekableByteChannel channel = file.openSeekable()) {
      LineReader lines = linesFrom(channel, firstChunk * chunkBytes);
      long chunk = firstChunk;
      do {
        chunks.takeLines(lines, (chunk + 1) * chunkBytes, source, figures, out);
        chunks.emit(figures, out);
        chunk++;
      } while (tracker.tryClaim(chunk));
    }
  }

  /**
   * Beam reads every entry of a zip in turn and reads nothing, silently, from a {@code .zip} that
   * has no entry or is no zip at all: when a non-empty {@code .zip} gave no content, its first
   * bytes tell which, and either is a dead letter.
   */
  private void checkZipHasEntries(
      ReadableFile file, String source, LineAggregator figures, Outputs out)
      throws IOException {
    ByteBuffer signature = ByteBuffer.allocate(4);
    try (ReadableByteChannel raw = FileSystems.open(file.getMetadata().resourceId())) {
      while (signature.hasRemaining() && raw.read(signature) >= 0) {}
    }
    int magic = signature.position() == 4 ? signature.getInt(0) : 0;
    RejectReason reason;
    String error;
    if (magic == ZIP_ENTRY) {
      return; // entries that are all empty: an empty input, nothing is lost
    } else if (magic == ZIP_END_WITHOUT_ENTRIES) {
      reason = RejectReason.EMPTY_ARCHIVE;
      error = "zip archive " + source + " has no entry, so there is nothing to read in it";
    } else {
      reason = RejectReason.CORRUPT_FILE;
      error =
          source + " is named .zip but is not a zip archive, so nothing was read from it;"
              + " rename it after its real format (e.g. .json or .json.gz)";
    }
    out.deadLetter(figures.brokenFile(reason, error, source, null, new byte[0]));
  }

  /** Whether {@code failure} is the compressed data's fault rather than the file system's. */
  private static boolean isCorruption(ReadableFile file, Exception failure) {
    Throwable cause = failure instanceof BrokenInputException ? failure.getCause() : failure;
    boolean fileSystem =
        cause instanceof FileNotFoundException
            || cause instanceof FileSystemException
            || cause instanceof UncheckedIOException;
    return file.getCompression() != Compression.UNCOMPRESSED && !fileSystem;
  }

  /** One line for the dead letter of a broken file: what failed, where, and what was kept. */
  private static String failureText(
      ReadableFile file, RejectReason reason, long from, Exception failure) {
    Throwable cause = failure instanceof BrokenInputException ? failure.getCause() : failure;
    String what =
        reason == RejectReason.CORRUPT_FILE
            ? "the " + file.getCompression() + " data is damaged, ends early (a truncated upload?)"
                + " or is not in that format"
            : "the file could not be read (did it vanish or change after the run started?)";
    String message = cause.getMessage() == null ? "" : ": " + cause.getMessage();
    return what + " (" + cause.getClass().getSimpleName() + message + "); the lines before byte "
        + from + " of its content were read, the rest of it (from there) was not";
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

  /** The DoFn's outputs and counters, where the chunks' figures go. */
  private final class Outputs implements ChunkReader.Output {
    private final MultiOutputReceiver out;

    Outputs(MultiOutputReceiver out) {
      this.out = out;
    }

    @Override
    public void deadLetter(DeadLetter deadLetter) {
      out.get(deadLettersTag).output(deadLetter);
    }

    @Override
    public <K> void partials(
        TrafficAnalysis<K> analysis, KV<Integer, PackedFigures<K>> batch) {
      out.get(analysis.partialsTag()).output(batch);
    }

    @Override
    public void counts(LineCounts counts, Map<RejectReason, Long> rejections) {
      out.get(AnalyzeTrafficFiles.LINE_COUNTS).output(counts);
      linesRead.inc(counts.linesRead());
      events.inc(counts.events());
      blankLines.inc(counts.blankLines());
      deadLetters.inc(counts.deadLetters());
      brokenFiles.inc(counts.brokenFiles());
      rejections.forEach((reason, count) -> deadLettersByReason.get(reason).inc(count));
    }
  }
}
