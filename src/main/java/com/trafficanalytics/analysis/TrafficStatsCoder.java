package com.trafficanalytics.analysis;

import com.trafficanalytics.coders.FieldsCoder;
import org.apache.beam.sdk.coders.CoderProvider;
import org.apache.beam.sdk.coders.CoderProviders;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * A compact, deterministic coder for {@link TrafficStats}: its four figures as variable-length
 * longs. {@code TrafficStats} names it with {@code @DefaultCoder}, so pipelines find it from the
 * type.
 */
public final class TrafficStatsCoder extends FieldsCoder<TrafficStats> {
  private static final TrafficStatsCoder INSTANCE = new TrafficStatsCoder();

  /** The one instance. */
  public static TrafficStatsCoder of() {
    return INSTANCE;
  }

  /** How {@code @DefaultCoder} on {@link TrafficStats} finds this coder. */
  public static CoderProvider getCoderProvider() {
    return CoderProviders.forCoder(TypeDescriptor.of(TrafficStats.class), INSTANCE);
  }

  private TrafficStatsCoder() {
    super(
        stats -> TrafficStats.of(stats.next(), stats.next(), stats.next(), stats.next()),
        varLong(TrafficStats::pageviews),
        varLong(TrafficStats::totalBytes),
        varLong(TrafficStats::maxBytes),
        varLong(TrafficStats::minBytes));
  }
}
