package com.trafficanalytics.read;

import com.trafficanalytics.analysis.MinuteTraffic;
import com.trafficanalytics.analysis.UserTraffic;
import com.trafficanalytics.bench.BenchmarkDefaults;
import com.trafficanalytics.bench.ParseOnlyFloor;
import com.trafficanalytics.sample.EventGenerator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The CPU cost per event of the pipeline's own code on a Dataflow worker: a line in, its fields
 * parsed and validated, and the event added to the partial figures of both analyses (exactly what
 * {@link ReadAndPreAggregateFn} does per line), against the parse-only floor (Gson's streaming
 * reader pulling the three fields, nothing else) over the same lines in the same run.
 *
 * <p>Run with {@code bench/jmh.sh}; the figure is nanoseconds per line.
 */
public class PerEventCpuBenchmark extends BenchmarkDefaults {
  /** Lines per benchmark call: a few MB, like a slice of one chunk. */
  static final int LINES = 20_000;

  private List<String> lines;

  @Setup
  public void generateLines() throws IOException {
    StringWriter text = new StringWriter();
    // As many users as the 1M-event benchmark input, so the maps are as large as a real chunk's.
    new EventGenerator(LINES, 10_000, 6.0, EventGenerator.DEFAULT_SEED)
        .writeTo(text);
    lines = new BufferedReader(new StringReader(text.toString())).lines().toList();
  }

  /** The floor: parse the three fields and nothing else. */
  @Benchmark
  @OperationsPerInvocation(LINES)
  public void parseOnly(Blackhole sink) throws IOException {
    for (String line : lines) {
      sink.consume(ParseOnlyFloor.parse(line));
    }
  }

  /** The pipeline's per-line work: classify, parse strictly, pre-aggregate for both analyses. */
  @Benchmark
  @OperationsPerInvocation(LINES)
  public void parseAndPreAggregate(Blackhole sink) {
    LineAggregator figures =
        new LineAggregator(List.of(new UserTraffic(), new MinuteTraffic(60)), 1 << 20);
    for (String line : lines) {
      sink.consume(figures.accept(line, 0, "bench"));
    }
    sink.consume(figures.counts());
  }
}
