package com.trafficanalytics.transforms;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.coders.CannotProvideCoderException;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Combine.CombineFn;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.POutput;

/**
 * {@code Combine.globally} with the combiner lifted in the pipeline itself: each bundle is
 * combined where it is processed, and only one accumulator per bundle reaches the global combine.
 *
 * <p>Dataflow lifts a combine this way on its own, so there this costs one fused step and
 * nothing more. The DirectRunner does not: it puts every element under the one key of a global
 * combine and runs its windowing machinery and its metrics bookkeeping for each of them, which
 * made the per-user combines of a run with 632,000 users cost more than reading the input. Use it
 * for a global combine over a collection that grows with the data (one element per user, per
 * window).
 *
 * <p>The global combine also never waits on a side input: {@code Combine.globally} makes its
 * default for an empty input in a step that reads the combine's result as a side input, and the
 * DirectRunner retries such a waiting step each time other work finishes (about 50 times per
 * step in a 1M-event run, each retry translating the step's DoFn anew). Here one empty
 * accumulator ({@code createAccumulator()}) joins the bundles' accumulators, so the combine always
 * has an input, gives the same result, and needs no default. Like {@code Combine.globally} with
 * its default, it is for an input in the global window.
 */
public final class LiftedCombine {

  private LiftedCombine() {}

  /** {@code Combine.globally(fn)}, each bundle combined first. */
  public static <InputT, AccumT, OutputT>
      PTransform<PCollection<InputT>, PCollection<OutputT>> globally(
          CombineFn<InputT, AccumT, OutputT> fn) {
    return lifted(fn, merge -> Combine.globally(merge).withoutDefaults());
  }

  /** {@code Combine.globally(fn).asSingletonView()}, each bundle combined first. */
  public static <InputT, AccumT, OutputT>
      PTransform<PCollection<InputT>, PCollectionView<OutputT>> globallyAsSingletonView(
          CombineFn<InputT, AccumT, OutputT> fn) {
    return lifted(fn, merge -> Combine.globally(merge).withoutDefaults().asSingletonView());
  }

  /** Each bundle combined by {@code fn}, then the accumulators by {@code globalCombine}. */
  private static <InputT, AccumT, OutputT, ResultT extends POutput>
      PTransform<PCollection<InputT>, ResultT> lifted(
          CombineFn<InputT, AccumT, OutputT> fn,
          SerializableFunction<
                  CombineFn<AccumT, AccumT, OutputT>, PTransform<PCollection<AccumT>, ResultT>>
              globalCombine) {
    return new PTransform<>() {
      @Override
      public ResultT expand(PCollection<InputT> input) {
        Coder<AccumT> accumulatorCoder = accumulatorCoder(input, fn);
        PCollection<AccumT> bundles =
            input
                .apply("Combine each bundle", ParDo.of(new CombineBundleFn<>(fn)))
                .setCoder(accumulatorCoder);
        PCollection<AccumT> empty =
            input
                .getPipeline()
                .apply(
                    "Empty accumulator",
                    Create.of(fn.createAccumulator()).withCoder(accumulatorCoder));
        return PCollectionList.of(bundles)
            .and(empty)
            .apply("With the empty one", Flatten.pCollections())
            .apply(
                "Combine bundles",
                globalCombine.apply(
                    new MergeAccumulatorsFn<>(fn, input.getCoder(), accumulatorCoder)));
      }
    };
  }

  private static <InputT, AccumT> Coder<AccumT> accumulatorCoder(
      PCollection<InputT> input, CombineFn<InputT, AccumT, ?> fn) {
    try {
      return fn.getAccumulatorCoder(input.getPipeline().getCoderRegistry(), input.getCoder());
    } catch (CannotProvideCoderException e) {
      throw new IllegalStateException("no coder for the accumulators of " + fn, e);
    }
  }

  /** Adds up a bundle's elements, one accumulator per window, and emits them as it ends. */
  private static final class CombineBundleFn<InputT, AccumT> extends DoFn<InputT, AccumT> {
    private final CombineFn<InputT, AccumT, ?> fn;
    private transient Map<BoundedWindow, AccumT> accumulators;

    CombineBundleFn(CombineFn<InputT, AccumT, ?> fn) {
      this.fn = fn;
    }

    @StartBundle
    public void startBundle() {
      accumulators = new HashMap<>();
    }

    @ProcessElement
    public void processElement(@Element InputT element, BoundedWindow window) {
      AccumT accumulator = accumulators.get(window);
      accumulators.put(
          window, fn.addInput(accumulator == null ? fn.createAccumulator() : accumulator, element));
    }

    @FinishBundle
    public void finishBundle(FinishBundleContext context) {
      accumulators.forEach(
          (window, accumulator) ->
              context.output(fn.compact(accumulator), window.maxTimestamp(), window));
      accumulators = null;
    }
  }

  /** The combine over the bundles' accumulators: {@code fn}'s own merge and output. */
  private static final class MergeAccumulatorsFn<InputT, AccumT, OutputT>
      extends CombineFn<AccumT, AccumT, OutputT> {
    private final CombineFn<InputT, AccumT, OutputT> fn;
    private final Coder<InputT> inputCoder;
    private final Coder<AccumT> accumulatorCoder;

    MergeAccumulatorsFn(
        CombineFn<InputT, AccumT, OutputT> fn,
        Coder<InputT> inputCoder,
        Coder<AccumT> accumulatorCoder) {
      this.fn = fn;
      this.inputCoder = inputCoder;
      this.accumulatorCoder = accumulatorCoder;
    }

    @Override
    public AccumT createAccumulator() {
      return fn.createAccumulator();
    }

    @Override
    public AccumT addInput(AccumT merged, AccumT bundle) {
      // The first accumulator is the one a CombineFn may change: ours, never the input.
      return fn.mergeAccumulators(Arrays.asList(merged, bundle));
    }

    @Override
    public AccumT mergeAccumulators(Iterable<AccumT> accumulators) {
      return fn.mergeAccumulators(accumulators);
    }

    @Override
    public AccumT compact(AccumT accumulator) {
      return fn.compact(accumulator);
    }

    @Override
    public OutputT extractOutput(AccumT accumulator) {
      return fn.extractOutput(accumulator);
    }

    @Override
    public Coder<AccumT> getAccumulatorCoder(CoderRegistry registry, Coder<AccumT> bundles) {
      return accumulatorCoder;
    }

    @Override
    public Coder<OutputT> getDefaultOutputCoder(CoderRegistry registry, Coder<AccumT> bundles)
        throws CannotProvideCoderException {
      return fn.getDefaultOutputCoder(registry, inputCoder);
    }

    @Override
    public void populateDisplayData(DisplayData.Builder builder) {
      builder.include("combineFn", fn);
    }

    @Override
    public String getIncompatibleGlobalWindowErrorMessage() {
      return fn.getIncompatibleGlobalWindowErrorMessage();
    }
  }
}
