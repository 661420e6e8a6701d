package com.trafficanalytics.analysis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.CoderProvider;
import org.apache.beam.sdk.coders.CoderProviders;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * A compact, deterministic coder for {@link TrafficStats}: four variable-length longs. {@code
 * TrafficStats} names it with {@code @DefaultCoder}, so pipelines find it from the type.
 */
public final class TrafficStatsCoder extends AtomicCoder<TrafficStats> {
  private static final TrafficStatsCoder INSTANCE = new TrafficStatsCoder();
  private static final VarLongCoder LONG = VarLongCoder.of();

  public static TrafficStatsCoder of() {
    return INSTANCE;
  }

  /** What {@code @DefaultCoder} looks up: this coder, for {@link TrafficStats}. */
  public static CoderProvider getCoderProvider() {
    return CoderProviders.forCoder(
        TypeDescriptor.of(TrafficStats.class), INSTANCE);
  }

  private TrafficStatsCoder() {}

  @Override
  public void encode(TrafficStats stats, OutputStream out) throws IOException {
    LONG.encode(stats.pageviews(), out);
    LONG.encode(stats.totalBytes(), out);
    LONG.encode(stats.maxBytes(), out);
    LONG.encode(stats.minBytes(), out);
  }

  @Override
  public TrafficStats decode(InputStream in) throws IOException {
    return TrafficStats.of(LONG.decode(in), LONG.decode(in), LONG.decode(in), LONG.decode(in));
  }

  @Override
  public void verifyDeterministic() {}
}
