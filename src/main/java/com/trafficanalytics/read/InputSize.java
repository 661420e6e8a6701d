package com.trafficanalytics.read;

import com.trafficanalytics.analysis.KeySpace;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.beam.sdk.io.Compression;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;

/**
 * How many bytes of lines an input pattern can hold at most, measured where the pipeline is built:
 * what the merge's key space is sized from ({@code KeySpace.forInputBytes}).
 */
public final class InputSize {
  /**
   * How many times its size a compressed file is counted: newline-delimited JSON logs compress
   * about 8 to 15 times with gzip; a file that expands more makes the merge's keys fewer than
   * planned (each still bounded per element), never wrong.
   */
  static final long COMPRESSED_EXPANSION = 20;

  /**
   * The bytes of lines the files matching {@code pattern} hold at most: their sizes, a compressed
   * file's times {@value #COMPRESSED_EXPANSION}.
   *
   * @throws IOException when the pattern cannot be matched
   */
  public static long upperBound(String pattern) throws IOException {
    MatchResult match = FileSystems.match(pattern, EmptyMatchTreatment.ALLOW_IF_WILDCARD);
    if (match.status() != MatchResult.Status.OK) {
      return 0;
    }
    long bytes = 0;
    for (MatchResult.Metadata file : match.metadata()) {
      long size = file.sizeBytes();
      String name = file.resourceId().getFilename();
      boolean compressed = name != null && Compression.detect(name) != Compression.UNCOMPRESSED;
      bytes = saturatedAdd(bytes, compressed ? saturatedMultiply(size, COMPRESSED_EXPANSION) : size);
    }
    return bytes;
  }

  /**
   * The merge's key space for the files matching {@code pattern}, sized from {@link #upperBound}:
   * chosen once, where the pipeline is built.
   *
   * @throws UncheckedIOException when the pattern cannot be matched
   */
  public static KeySpace keySpaceFor(String pattern) {
    try {
      return KeySpace.forInputBytes(upperBound(pattern));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot size the input " + pattern + ": " + e.getMessage(), e);
    }
  }

  /**
   * The chunk size for a run in one process (the DirectRunner) on the files matching {@code
   * pattern}, with {@code threads} threads: one chunk per thread (each its own split, {@link
   * AnalyzeTrafficFiles#withChunksPerSplit}), never below the default 16 MiB. The DirectRunner
   * keeps every key's state of the merge as a bag that it copies whole (encoded and decoded) each
   * time a new bundle reaches the key, and each chunk makes a bundle, so the copies grow with the
   * square of the chunks: on 4M events (77 chunks of 16 MiB) they took 44% of the run's CPU, and
   * two chunks per thread instead of one cost a run with 632,000 users about 8% of its time
   * (docs/profile.md). Dataflow keeps the default: its chunks are the unit of dynamic work
   * rebalancing and its shuffle copies nothing.
   *
   * @throws UncheckedIOException when the pattern cannot be matched
   */
  public static long chunkBytesForOneProcess(String pattern, int threads) {
    long bytes;
    try {
      bytes = upperBound(pattern);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot size the input " + pattern + ": " + e.getMessage(), e);
    }
    long chunks = Math.max(1, threads);
    return Math.max(ReadAndPreAggregateFn.DEFAULT_CHUNK_BYTES, (bytes + chunks - 1) / chunks);
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return sum < 0 ? Long.MAX_VALUE : sum;
  }

  private static long saturatedMultiply(long a, long b) {
    return a > Long.MAX_VALUE / b ? Long.MAX_VALUE : a * b;
  }

  private InputSize() {}
}
