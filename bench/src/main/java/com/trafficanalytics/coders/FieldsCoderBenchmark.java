package com.trafficanalytics.coders;

import com.trafficanalytics.analysis.TrafficStats;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.MapCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.util.CoderUtils;
import org.apache.beam.sdk.util.VarInt;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the merge's shuffle and the DirectRunner's state copies pay per group: encoding, decoding
 * and cloning a {@code Map<String, TrafficStats>} of {@value #ENTRIES} users through the coder
 * {@code MergePartialTraffic} uses ({@code MapCoder} of {@code StringUtf8Coder} and {@link
 * FieldsCoder}), beside the same map through a hand-written {@code TrafficStats} coder that writes
 * the same bytes, the floor the generic coder is measured against (issue 8).
 *
 * <p>Run with {@code java -cp "target/test-classes:target/traffic-analytics.jar:$(cat
 * target/bench-classpath.txt)" org.openjdk.jmh.Main FieldsCoderBenchmark} after {@code mvn -Pbench
 * -DskipTests package}; the figure is nanoseconds per map entry.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class FieldsCoderBenchmark {
  static final int ENTRIES = 10_000;

  /** Which {@code TrafficStats} coder the map uses. */
  @Param({"fields", "handWritten"})
  public String statsCoder;

  private Coder<Map<String, TrafficStats>> mapCoder;
  private Map<String, TrafficStats> map;
  private byte[] encoded;

  @Setup
  public void buildMap() throws CoderException {
    Coder<TrafficStats> stats =
        statsCoder.equals("fields") ? FieldsCoder.of(TrafficStats.class) : new HandWritten();
    mapCoder = MapCoder.of(StringUtf8Coder.of(), stats);
    // The high-cardinality shape: most users with one or two events of a few kilobytes.
    Random random = new Random(42);
    map = new HashMap<>();
    while (map.size() < ENTRIES) {
      TrafficStats figures = TrafficStats.ofEvent(random.nextInt(50_000));
      if (random.nextInt(3) == 0) {
        figures.add(random.nextInt(50_000));
      }
      map.put("user-" + random.nextInt(1_000_000), figures);
    }
    encoded = CoderUtils.encodeToByteArray(mapCoder, map);
    if (!CoderUtils.decodeFromByteArray(mapCoder, encoded).equals(map)) {
      throw new IllegalStateException(statsCoder + " does not read back what it wrote");
    }
  }

  @Benchmark
  @OperationsPerInvocation(ENTRIES)
  public byte[] encode() throws CoderException {
    return CoderUtils.encodeToByteArray(mapCoder, map);
  }

  @Benchmark
  @OperationsPerInvocation(ENTRIES)
  public Map<String, TrafficStats> decode() throws CoderException {
    return CoderUtils.decodeFromByteArray(mapCoder, encoded);
  }

  /** Encode and decode, as the DirectRunner's copies of state and elements do. */
  @Benchmark
  @OperationsPerInvocation(ENTRIES)
  public Map<String, TrafficStats> cloneMap() throws CoderException {
    return CoderUtils.clone(mapCoder, map);
  }

  /** The four figures as variable-length longs, the bytes {@link FieldsCoder} writes, by hand. */
  static final class HandWritten extends CustomCoder<TrafficStats> {
    @Override
    public void encode(TrafficStats value, OutputStream out) throws IOException {
      VarInt.encode(value.pageviews(), out);
      VarInt.encode(value.totalBytes(), out);
      VarInt.encode(value.maxBytes(), out);
      VarInt.encode(value.minBytes(), out);
    }

    @Override
    public TrafficStats decode(InputStream in) throws IOException {
      return TrafficStats.of(
          VarInt.decodeLong(in), VarInt.decodeLong(in), VarInt.decodeLong(in),
          VarInt.decodeLong(in));
    }
  }
}
