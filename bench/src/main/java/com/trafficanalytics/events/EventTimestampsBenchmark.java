package com.trafficanalytics.events;

import com.trafficanalytics.bench.BenchmarkDefaults;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Setup;

/**
 * The cost of reading one event time, alone: {@link EventTimestamps#parseMillis} over timestamps in
 * the real data's shape ({@code 2026-03-05T21:49:42.746115Z}), spread over 1970 to 2100 so that
 * every month and leap years occur. {@link com.trafficanalytics.read.PerEventCpuBenchmark} measures
 * the whole line; this isolates the timestamp's share, to compare ways of doing its calendar
 * arithmetic.
 *
 * <p>Run with {@code bench/jmh.sh EventTimestampsBenchmark} (beside the per-line benchmark); the
 * figure is nanoseconds per timestamp.
 */
public class EventTimestampsBenchmark extends BenchmarkDefaults {
  static final int TIMESTAMPS = 4096;

  private String[] timestamps;

  @Setup
  public void generateTimestamps() {
    Random random = new Random(42);
    DateTimeFormatter format =
        DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
    long from = Instant.parse("1970-01-01T00:00:00Z").getEpochSecond();
    long to = Instant.parse("2100-01-01T00:00:00Z").getEpochSecond();
    timestamps = new String[TIMESTAMPS];
    for (int i = 0; i < TIMESTAMPS; i++) {
      long second = from + (long) (random.nextDouble() * (to - from));
      timestamps[i] =
          format.format(Instant.ofEpochSecond(second, random.nextInt(1_000_000) * 1000));
    }
  }

  /** Parses every timestamp; the sum keeps the JIT from dropping the work. */
  @Benchmark
  @OperationsPerInvocation(TIMESTAMPS)
  public long parseMillis() throws InvalidEventException {
    long sum = 0;
    for (String timestamp : timestamps) {
      sum += EventTimestamps.parseMillis(timestamp);
    }
    return sum;
  }
}
