package com.trafficanalytics.read;

import com.trafficanalytics.analysis.KeySpace;
import com.trafficanalytics.analysis.MinuteTraffic;
import com.trafficanalytics.analysis.PackedFigures;
import com.trafficanalytics.analysis.TrafficAnalysis;
import com.trafficanalytics.analysis.UserTraffic;
import com.trafficanalytics.bench.BenchmarkDefaults;
import com.trafficanalytics.bench.ParseOnlyFloor;
import com.trafficanalytics.deadletter.DeadLetter;
import com.trafficanalytics.events.RejectReason;
import com.trafficanalytics.sample.EventGenerator;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.values.KV;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The CPU cost per event of the pipeline's own code on a worker, three ways over the same chunk of
 * generated events, in one run:
 *
 * <ul>
 *   <li>{@link #readAndPreAggregateChunk}: the whole per-line path of {@link ReadAndPreAggregateFn}
 *       on one chunk, through the very code the DoFn runs ({@link LineReader} and {@link
 *       ChunkReader}): the chunk's bytes read from a file, split into lines and decoded, each line
 *       parsed strictly and added to the partial figures of both analyses, and the figures emitted
 *       in shuffle batches at the chunk's end. Only Beam's side is left out (the output receivers
 *       and counters: here a {@link Blackhole}).
 *   <li>{@link #parseAndPreAggregate}: the same from a {@code String} per line, so without reading
 *       and decoding bytes or emitting.
 *   <li>{@link #parseOnly}: the floor, Gson's streaming reader pulling the three fields, nothing
 *       else.
 * </ul>
 *
 * <p>Run with {@code bench/jmh.sh}; each figure is nanoseconds per line.
 */
public class PerEventCpuBenchmark extends BenchmarkDefaults {
  /**
   * Lines per benchmark call: about one chunk ({@link ReadAndPreAggregateFn#DEFAULT_CHUNK_BYTES},
   * 16 MiB) of generated events, whose lines average 320 bytes. {@link #generateChunk} checks it.
   */
  static final int LINES = 52_000;

  /** Users of the 1M-event benchmark input (bench/run.sh's base shape), as a chunk of it sees. */
  private static final int USERS = 10_000;

  /** The span of a chunk of the 1M-event input: its 6 hours shared out by events. */
  private static final double HOURS = EventGenerator.DEFAULT_HOURS * LINES / 1_000_000;

  /** The pipeline's default --maxLineBytes. */
  private static final int MAX_LINE_BYTES = 1 << 20;

  private static final List<TrafficAnalysis<?>> BOTH =
      List.of(new UserTraffic(), new MinuteTraffic(60));

  /** The DoFn's per-chunk code, keyed as in a local run on 2 cores (3 DirectRunner threads). */
  private static final ChunkReader CHUNKS =
      new ChunkReader(
          BOTH, KeySpace.forOneProcess(3), ReadAndPreAggregateFn.MAX_GROUPS_IN_MEMORY);

  private Path chunkFile;
  private long chunkBytes;
  private List<String> lines;

  @Setup
  public void generateChunk() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new EventGenerator(LINES, USERS, HOURS, EventGenerator.DEFAULT_SEED).writeTo(out);
    byte[] chunk = out.toByteArray();
    chunkBytes = chunk.length;
    long target = ReadAndPreAggregateFn.DEFAULT_CHUNK_BYTES;
    if (Math.abs(chunkBytes - target) > target / 10) {
      throw new IllegalStateException(
          LINES + " generated lines take " + chunkBytes + " bytes, not about one chunk of "
              + target + ": the generator's lines changed size; adjust PerEventCpuBenchmark.LINES");
    }
    chunkFile = Files.createTempFile("per-event-cpu-chunk", ".json");
    Files.write(chunkFile, chunk);
    lines = new BufferedReader(new StringReader(new String(chunk, StandardCharsets.UTF_8)))
        .lines()
        .toList();
    // The chunk's figures must count every line as an event, or ns per line would be wrong.
    CountingOutput counted = new CountingOutput(null);
    readChunk(counted);
    if (counted.events != LINES || counted.linesRead != LINES) {
      throw new IllegalStateException(
          "the chunk gave " + counted.events + " events in " + counted.linesRead
              + " lines, expected " + LINES + " of each");
    }
  }

  @TearDown
  public void deleteChunk() throws IOException {
    Files.deleteIfExists(chunkFile);
  }

  /** The floor: parse the three fields and nothing else. */
  @Benchmark
  @OperationsPerInvocation(LINES)
  public void parseOnly(Blackhole sink) throws IOException {
    for (String line : lines) {
      sink.consume(ParseOnlyFloor.parse(line));
    }
  }

  /** The per-line work from a string: classify, parse strictly, pre-aggregate for both analyses. */
  @Benchmark
  @OperationsPerInvocation(LINES)
  public void parseAndPreAggregate(Blackhole sink) {
    LineAggregator figures = new LineAggregator(BOTH, MAX_LINE_BYTES);
    for (String line : lines) {
      sink.consume(figures.accept(line, 0, "bench"));
    }
    sink.consume(figures.counts());
  }

  /** The whole per-line path of one chunk, from its bytes in a file to its emitted figures. */
  @Benchmark
  @OperationsPerInvocation(LINES)
  public void readAndPreAggregateChunk(Blackhole sink) throws IOException {
    readChunk(new CountingOutput(sink));
  }

  /** What the DoFn does with a chunk of an uncompressed file that starts at its offset 0. */
  private void readChunk(ChunkReader.Output out) throws IOException {
    LineAggregator figures = new LineAggregator(BOTH, MAX_LINE_BYTES);
    try (FileChannel channel = FileChannel.open(chunkFile)) {
      LineReader chunkLines = new LineReader(channel, 0, MAX_LINE_BYTES);
      CHUNKS.takeLines(chunkLines, chunkBytes, "bench", figures, out);
    }
    CHUNKS.emit(figures, out);
  }

  /** Hands the figures to JMH's sink, so none is optimised away, and keeps the counts. */
  private static final class CountingOutput implements ChunkReader.Output {
    private final @Nullable Blackhole sink;
    long linesRead;
    long events;

    CountingOutput(@Nullable Blackhole sink) {
      this.sink = sink;
    }

    @Override
    public void deadLetter(DeadLetter deadLetter) {
      throw new IllegalStateException("a generated line was rejected: " + deadLetter);
    }

    @Override
    public <K> void partials(
        TrafficAnalysis<K> analysis, KV<Integer, PackedFigures<K>> batch) {
      if (sink != null) {
        sink.consume(batch);
      }
    }

    @Override
    public void counts(LineCounts counts, Map<RejectReason, Long> rejections) {
      linesRead += counts.linesRead();
      events += counts.events();
      if (sink != null) {
        sink.consume(counts);
      }
    }
  }
}
