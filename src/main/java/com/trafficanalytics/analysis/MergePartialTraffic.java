package com.trafficanalytics.analysis;

import com.google.api.services.bigquery.model.TableRow;
import com.trafficanalytics.metrics.TrafficCounters;
import java.io.UncheckedIOException;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.io.gcp.bigquery.TableRowJsonCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Distribution;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;

/**
 * Merges the partial figures of an analysis from every part of the input into one
 * {@link TrafficStats} per group; {@link #toRows} turns each group into its output row.
 *
 * <p>The merge is a {@code Combine.perKey} over the keys of a {@link KeySpace}, so on Dataflow the
 * combiner is lifted: each worker merges its own partials per key before the shuffle, only merged
 * partials cross it, and the keys (as many as the input's size calls for) spread the merge over
 * the workers. Two distributions show the bound at work, on Dataflow's console as in tests:
 * {@link #groupsPerPartial} (groups in each element entering the shuffle) and {@link
 * #groupsPerKey} (groups a key's merge ends with).
 *
 * @param <K> the analysis' group key
 */
public final class MergePartialTraffic<K>
    extends PTransform<
        PCollection<KV<Integer, PackedFigures<K>>>,
        PCollection<KV<Integer, Map<K, TrafficStats>>>> {

  private final TrafficAnalysis<K> analysis;
  private final KeySpace keySpace;

  private MergePartialTraffic(TrafficAnalysis<K> analysis, KeySpace keySpace) {
    super("Merge " + analysis.name());
    this.analysis = analysis;
    this.keySpace = keySpace;
  }

  /** Merges the partial figures of {@code analysis}, keyed in {@code keySpace}. */
  public static <K> MergePartialTraffic<K> of(TrafficAnalysis<K> analysis, KeySpace keySpace) {
    return new MergePartialTraffic<>(analysis, keySpace);
  }

  /** The distribution of groups per element entering the shuffle of {@code analysisName}. */
  public static String groupsPerPartial(String analysisName) {
    return "groups_per_partial_" + analysisName;
  }

  /** The distribution of groups per merged key of {@code analysisName}. */
  public static String groupsPerKey(String analysisName) {
    return "groups_per_key_" + analysisName;
  }

  /** The coder of one element of partial figures of {@code analysis}. */
  public static <K> Coder<KV<Integer, PackedFigures<K>>> partialsCoder(
      TrafficAnalysis<K> analysis) {
    return KvCoder.of(VarIntCoder.of(), PackedFigures.coder(analysis.keyCoder()));
  }

  /** The coder of one element of merged figures of {@code analysis}: one key's groups. */
  public static <K> Coder<KV<Integer, Map<K, TrafficStats>>> mergedCoder(
      TrafficAnalysis<K> analysis) {
    return KvCoder.of(VarIntCoder.of(), mapCoder(analysis));
  }

  private static <K> Coder<Map<K, TrafficStats>> mapCoder(TrafficAnalysis<K> analysis) {
    return StatsByGroupCoder.of(analysis.keyCoder());
  }

  /** The most rows in one block of {@link #toRows}. */
  public static final int ROWS_PER_BLOCK = 1_000;

  /**
   * The output rows of merged figures, one per group, in blocks of at most {@link #ROWS_PER_BLOCK}
   * rows. The rows travel in blocks, and the merged figures themselves serve readers that want
   * every group's figures without a row each (the report), because the DirectRunner pays for every
   * element at every step it passes (its metrics bookkeeping after each one): with 632,000 users
   * those per-row costs were a large part of the run. On Dataflow a block is flattened in the step
   * that loads it, fused with this one.
   */
  public static <K>
      PTransform<PCollection<KV<Integer, Map<K, TrafficStats>>>, PCollection<List<TableRow>>>
          toRows(TrafficAnalysis<K> analysis) {
    return new PTransform<>("Rows of " + analysis.name()) {
      @Override
      public PCollection<List<TableRow>> expand(
          PCollection<KV<Integer, Map<K, TrafficStats>>> merged) {
        return merged
            .apply(ParDo.of(new ToRowsFn<>(analysis)))
            .setCoder(ListCoder.of(TableRowJsonCoder.of()));
      }
    };
  }

  @Override
  public PCollection<KV<Integer, Map<K, TrafficStats>>> expand(
      PCollection<KV<Integer, PackedFigures<K>>> partials) {
    return partials
        .apply("Measure partials", ParDo.of(new MeasurePartialsFn<>(analysis, keySpace)))
        .setCoder(partialsCoder(analysis))
        .apply("Merge keys", Combine.perKey(new MergeMapsFn<>(analysis)))
        .setCoder(mergedCoder(analysis));
  }

  /**
   * Records how many groups each partial holds, and passes it on. Fused with the reader on
   * Dataflow, so it costs no shuffle; its display data names the key space.
   */
  private static final class MeasurePartialsFn<K>
      extends DoFn<KV<Integer, PackedFigures<K>>, KV<Integer, PackedFigures<K>>> {
    private final KeySpace keySpace;
    private final Distribution groups;

    MeasurePartialsFn(TrafficAnalysis<K> analysis, KeySpace keySpace) {
      this.keySpace = keySpace;
      this.groups = Metrics.distribution(TrafficCounters.NAMESPACE, groupsPerPartial(analysis.name()));
    }

    @ProcessElement
    public void processElement(
        @Element KV<Integer, PackedFigures<K>> partial,
        OutputReceiver<KV<Integer, PackedFigures<K>>> out) {
      groups.update(partial.getValue().groups());
      out.output(partial);
    }

    @Override
    public void populateDisplayData(DisplayData.Builder builder) {
      super.populateDisplayData(builder);
      builder
          .add(DisplayData.item("keys", keySpace.keys()).withLabel("Merge keys"))
          .add(
              DisplayData.item("maxGroupsPerElement", keySpace.maxGroupsPerElement())
                  .withLabel("Most groups per shuffled element"));
    }
  }

  /**
   * Merges packed partial figures into a map per key ({@link MergingFigures}). It never changes a
   * {@code TrafficStats} once it is in a map: a group seen twice gets a new sum. So of the
   * accumulators being merged, the largest takes in the others' figures without a copy per group,
   * as Beam's contract for {@code mergeAccumulators} allows.
   */
  private static final class MergeMapsFn<K>
      extends Combine.CombineFn<PackedFigures<K>, MergingFigures<K>, Map<K, TrafficStats>> {
    private final TrafficAnalysis<K> analysis;

    MergeMapsFn(TrafficAnalysis<K> analysis) {
      this.analysis = analysis;
    }

    @Override
    public MergingFigures<K> createAccumulator() {
      return MergingFigures.empty();
    }

    @Override
    public MergingFigures<K> addInput(MergingFigures<K> merged, PackedFigures<K> input) {
      Map<K, TrafficStats> into = merged.open();
      try {
        input.forEach((group, stats) -> mergeInto(into, group, stats));
      } catch (UncheckedIOException e) {
        throw new IllegalStateException("Cannot merge " + analysis.name() + " figures", e);
      }
      return merged;
    }

    @Override
    public MergingFigures<K> mergeAccumulators(Iterable<MergingFigures<K>> accumulators) {
      MergingFigures<K> largest = null;
      for (MergingFigures<K> accumulator : accumulators) {
        if (largest == null || accumulator.groups() > largest.groups()) {
          largest = accumulator;
        }
      }
      if (largest == null) {
        return createAccumulator();
      }
      Map<K, TrafficStats> into = largest.open();
      for (MergingFigures<K> accumulator : accumulators) {
        if (accumulator != largest) {
          accumulator.forEach((group, stats) -> mergeInto(into, group, stats));
        }
      }
      return largest;
    }

    @Override
    public MergingFigures<K> compact(MergingFigures<K> merged) {
      return merged.compact(analysis.keyCoder());
    }

    @Override
    public Map<K, TrafficStats> extractOutput(MergingFigures<K> merged) {
      return merged.open();
    }

    private void mergeInto(Map<K, TrafficStats> merged, K group, TrafficStats stats) {
      try {
        merged.merge(group, stats, TrafficStats::plus);
      } catch (ArithmeticException e) {
        throw new TrafficOverflowException(analysis, group);
      }
    }

    @Override
    public Coder<MergingFigures<K>> getAccumulatorCoder(
        CoderRegistry registry, Coder<PackedFigures<K>> inputCoder) {
      return MergingFigures.coder(analysis.keyCoder());
    }

    @Override
    public Coder<Map<K, TrafficStats>> getDefaultOutputCoder(
        CoderRegistry registry, Coder<PackedFigures<K>> inputCoder) {
      return mapCoder(analysis);
    }
  }

  /** Emits one row per group of a merged key, in blocks. */
  private static final class ToRowsFn<K>
      extends DoFn<KV<Integer, Map<K, TrafficStats>>, List<TableRow>> {
    private final TrafficAnalysis<K> analysis;
    private final Counter rows;
    private final Distribution groups;

    ToRowsFn(TrafficAnalysis<K> analysis) {
      this.analysis = analysis;
      this.rows = Metrics.counter(TrafficCounters.NAMESPACE, TrafficCounters.rows(analysis.name()));
      this.groups = Metrics.distribution(TrafficCounters.NAMESPACE, groupsPerKey(analysis.name()));
    }

    @ProcessElement
    public void processElement(
        @Element KV<Integer, Map<K, TrafficStats>> merged, OutputReceiver<List<TableRow>> out) {
      RowBlock<K> block = new RowBlock<>(analysis);
      for (Map.Entry<K, TrafficStats> group : merged.getValue().entrySet()) {
        block.add(group.getKey(), group.getValue());
        if (block.size() == ROWS_PER_BLOCK) {
          out.output(block);
          block = new RowBlock<>(analysis);
        }
      }
      if (block.size() > 0) {
        out.output(block);
      }
      rows.inc(merged.getValue().size());
      groups.update(merged.getValue().size());
    }
  }

  /**
   * A block of rows made when they are read: the groups and their figures, each row built by the
   * analysis on {@code get}. A merged key's rows all wait in the runner between two steps (the
   * DirectRunner holds every bundle whole), and a group's key and figures are already in memory
   * there, where its row would take about 200 bytes more.
   */
  private static final class RowBlock<K> extends AbstractList<TableRow> {
    private final TrafficAnalysis<K> analysis;
    private final List<K> groups = new ArrayList<>();
    private final List<TrafficStats> figures = new ArrayList<>();

    RowBlock(TrafficAnalysis<K> analysis) {
      this.analysis = analysis;
    }

    void add(K group, TrafficStats stats) {
      groups.add(group);
      figures.add(stats);
    }

    @Override
    public TableRow get(int index) {
      return analysis.toRow(groups.get(index), figures.get(index));
    }

    @Override
    public int size() {
      return groups.size();
    }
  }
}
