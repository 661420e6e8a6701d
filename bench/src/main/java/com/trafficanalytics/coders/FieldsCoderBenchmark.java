package com.trafficanalytics.coders;

import com.trafficanalytics.analysis.StatsByGroupCoder;
import com.trafficanalytics.analysis.TrafficStats;
import com.trafficanalytics.bench.BenchmarkDefaults;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.MapCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.util.CoderUtils;
import org.apache.beam.sdk.util.VarInt;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * What the merge's shuffle and the DirectRunner's state copies pay per group: encoding, decoding
 * and cloning a {@code Map<String, TrafficStats>} of {@value #ENTRIES} users through the coder
 * {@code MergePartialTraffic} uses ({@code MapCoder} of {@code StringUtf8Coder} and {@link
 * FieldsCoder}), beside the same map through a hand-written {@code TrafficStats} coder that writes
 * the same bytes, the floor the generic coder is measured against (issue 8); and the values alone,
 * {@code encodeValues} and {@code decodeValues}, where the coder's own share is the whole.
 *
 * <p>Run with {@code java -cp "target/test-classes:target/traffic-analytics.jar:$(cat
 * target/bench-classpath.txt)" org.openjdk.jmh.Main FieldsCoderBenchmark} after {@code mvn -Pbench
 * -DskipTests package}; the figure is nanoseconds per map entry.
 */
public class FieldsCoderBenchmark extends BenchmarkDefaults {
  static final int ENTRIES = 10_000;

  /**
   * Which coder the map goes through: {@code MapCoder} with {@code TrafficStats}' {@link
   * FieldsCoder} ("fields") or the hand-written one ("handWritten"), or the merge's own {@link
   * StatsByGroupCoder} ("statsByGroup", which writes the same entries as one block).
   */
  @Param({"fields", "handWritten", "statsByGroup"})
  public String statsCoder;

  private Coder<TrafficStats> stats;
  private Coder<Map<String, TrafficStats>> mapCoder;
  private Map<String, TrafficStats> map;
  private byte[] encoded;
  private TrafficStats[] values;
  private byte[] encodedValues;
  private final ByteArrayOutputStream valueBytes = new ByteArrayOutputStream();

  @Setup
  public void buildMap() throws IOException {
    stats = statsCoder.equals("handWritten") ? new HandWritten() : FieldsCoder.of(TrafficStats.class);
    mapCoder =
        statsCoder.equals("statsByGroup")
            ? StatsByGroupCoder.of(StringUtf8Coder.of())
            : MapCoder.of(StringUtf8Coder.of(), stats);
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
    values = map.values().toArray(TrafficStats[]::new);
    encodeValues();
    encodedValues = valueBytes.toByteArray();
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

  /**
   * The {@code TrafficStats} coder alone, without the map and its string keys: the share of the
   * work that is {@link FieldsCoder}'s own.
   */
  @Benchmark
  @OperationsPerInvocation(ENTRIES)
  public int encodeValues() throws IOException {
    valueBytes.reset();
    for (TrafficStats value : values) {
      stats.encode(value, valueBytes);
    }
    return valueBytes.size();
  }

  @Benchmark
  @OperationsPerInvocation(ENTRIES)
  public long decodeValues() throws IOException {
    ByteArrayInputStream in = new ByteArrayInputStream(encodedValues);
    long sum = 0;
    for (int i = 0; i < ENTRIES; i++) {
      sum += stats.decode(in).pageviews();
    }
    return sum;
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
