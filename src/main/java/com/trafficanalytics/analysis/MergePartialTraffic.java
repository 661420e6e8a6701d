package com.trafficanalytics.analysis;

import com.google.api.services.bigquery.model.TableRow;
import com.trafficanalytics.metrics.TrafficCounters;
import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.coders.CannotProvideCoderException;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.MapCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.io.gcp.bigquery.TableRowJsonCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;

/**
 * Merges the partial figures of an analysis from every part of the input into one
 * {@link TrafficStats} per group, and turns each group into its output row.
 *
 * <p>The merge is a {@code Combine.perKey} over shard numbers, so on Dataflow the combiner is
 * lifted: each worker merges its own partial maps before the shuffle, and only merged maps cross
 * it.
 *
 * @param <K> the analysis' group key
 */
public final class MergePartialTraffic<K>
    extends PTransform<PCollection<KV<Integer, Map<K, TrafficStats>>>, PCollection<TableRow>> {

  private final TrafficAnalysis<K> analysis;

  private MergePartialTraffic(TrafficAnalysis<K> analysis) {
    super("Merge " + analysis.name());
    this.analysis = analysis;
  }

  /** Merges the partial figures of {@code analysis}. */
  public static <K> MergePartialTraffic<K> of(TrafficAnalysis<K> analysis) {
    return new MergePartialTraffic<>(analysis);
  }

  /** The coder of one shard's partial figures of {@code analysis}. */
  public static <K> Coder<KV<Integer, Map<K, TrafficStats>>> partialsCoder(
      TrafficAnalysis<K> analysis) {
    return KvCoder.of(VarIntCoder.of(), mapCoder(analysis));
  }

  private static <K> MapCoder<K, TrafficStats> mapCoder(TrafficAnalysis<K> analysis) {
    return MapCoder.of(analysis.keyCoder(), TrafficStatsCoder.of());
  }

  @Override
  public PCollection<TableRow> expand(PCollection<KV<Integer, Map<K, TrafficStats>>> partials) {
    return partials
        .apply("Merge shards", Combine.perKey(new MergeMapsFn<>(mapCoder(analysis))))
        .apply("To rows", ParDo.of(new ToRowsFn<>(analysis)))
        .setCoder(TableRowJsonCoder.of());
  }

  /** Merges maps of figures; never changes its inputs (runners may reuse them). */
  private static final class MergeMapsFn<K>
      extends Combine.CombineFn<Map<K, TrafficStats>, Map<K, TrafficStats>, Map<K, TrafficStats>> {
    private final MapCoder<K, TrafficStats> coder;

    MergeMapsFn(MapCoder<K, TrafficStats> coder) {
      this.coder = coder;
    }

    @Override
    public Map<K, TrafficStats> createAccumulator() {
      return new HashMap<>();
    }

    @Override
    public Map<K, TrafficStats> addInput(Map<K, TrafficStats> merged, Map<K, TrafficStats> input) {
      input.forEach((group, stats) -> mergeInto(merged, group, stats));
      return merged;
    }

    @Override
    public Map<K, TrafficStats> mergeAccumulators(Iterable<Map<K, TrafficStats>> accumulators) {
      Map<K, TrafficStats> merged = new HashMap<>();
      for (Map<K, TrafficStats> accumulator : accumulators) {
        addInput(merged, accumulator);
      }
      return merged;
    }

    @Override
    public Map<K, TrafficStats> extractOutput(Map<K, TrafficStats> merged) {
      return merged;
    }

    private static <K> void mergeInto(Map<K, TrafficStats> merged, K group, TrafficStats stats) {
      TrafficStats existing = merged.get(group);
      if (existing == null) {
        merged.put(group, stats.copy());
      } else {
        existing.merge(stats);
      }
    }

    @Override
    public Coder<Map<K, TrafficStats>> getAccumulatorCoder(
        CoderRegistry registry, Coder<Map<K, TrafficStats>> inputCoder)
        throws CannotProvideCoderException {
      return coder;
    }

    @Override
    public Coder<Map<K, TrafficStats>> getDefaultOutputCoder(
        CoderRegistry registry, Coder<Map<K, TrafficStats>> inputCoder) {
      return coder;
    }
  }

  /** Emits one row per group of a merged shard. */
  private static final class ToRowsFn<K> extends DoFn<KV<Integer, Map<K, TrafficStats>>, TableRow> {
    private final TrafficAnalysis<K> analysis;
    private final Counter rows;

    ToRowsFn(TrafficAnalysis<K> analysis) {
      this.analysis = analysis;
      this.rows = Metrics.counter(TrafficCounters.NAMESPACE, TrafficCounters.rows(analysis.name()));
    }

    @ProcessElement
    public void processElement(
        @Element KV<Integer, Map<K, TrafficStats>> shard, OutputReceiver<TableRow> out) {
      shard.getValue().forEach((group, stats) -> out.output(analysis.toRow(group, stats)));
      rows.inc(shard.getValue().size());
    }
  }
}
