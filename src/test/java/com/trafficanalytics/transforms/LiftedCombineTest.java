package com.trafficanalytics.transforms;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.transforms.Top;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * {@link LiftedCombine} gives what {@code Combine.globally} gives: the same result over many
 * bundles, the combine's default on an empty input, and the same as a side input.
 */
@RunWith(JUnit4.class)
public class LiftedCombineTest {
  private static final int ELEMENTS = 20_000;

  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  private PCollection<Long> numbers() {
    // The DirectRunner reads a Create in several bundles: several accumulators meet.
    List<Long> values = LongStream.rangeClosed(1, ELEMENTS).boxed().collect(Collectors.toList());
    return pipeline.apply(Create.of(values).withCoder(VarLongCoder.of()));
  }

  @Test
  public void givesWhatTheGlobalCombineGives() {
    PCollection<Long> numbers = numbers();
    // Sums known in closed form, and the top five known by construction.
    PAssert.thatSingleton(numbers.apply("Sum", LiftedCombine.globally(Sum.ofLongs())))
        .isEqualTo((long) ELEMENTS * (ELEMENTS + 1) / 2);
    PAssert.thatSingleton(numbers.apply("Count", LiftedCombine.globally(Count.combineFn())))
        .isEqualTo((long) ELEMENTS);
    PAssert.thatSingleton(
            numbers.apply(
                "Top", LiftedCombine.globally(new Top.TopCombineFn<>(5, new Ascending()))))
        .isEqualTo(
            IntStream.rangeClosed(0, 4).mapToObj(i -> (long) ELEMENTS - i).collect(Collectors.toList()));
    pipeline.run();
  }

  @Test
  public void anEmptyInputGivesTheCombinesDefault() {
    PCollection<Long> none = pipeline.apply(Create.empty(VarLongCoder.of()));
    PAssert.thatSingleton(none.apply("Count", LiftedCombine.globally(Count.combineFn())))
        .isEqualTo(0L);
    PAssert.thatSingleton(
            none.apply(
                "Top", LiftedCombine.globally(new Top.TopCombineFn<>(5, new Ascending()))))
        .isEqualTo(new ArrayList<>());
    pipeline.run();
  }

  @Test
  public void servesAsASideInput() {
    PCollectionView<Long> count =
        numbers().apply("Count", LiftedCombine.globallyAsSingletonView(Count.combineFn()));
    PCollection<Long> seen =
        pipeline
            .apply("One", Create.of(Arrays.asList(1L)).withCoder(VarLongCoder.of()))
            .apply(
                "Read the count",
                ParDo.of(new ReadSideInput(count))
                    .withSideInputs(count));
    PAssert.thatSingleton(seen).isEqualTo((long) ELEMENTS);
    pipeline.run();
  }

  /** Emits the side input's value once per element. */
  private static final class ReadSideInput extends DoFn<Long, Long> {
    private final PCollectionView<Long> view;

    ReadSideInput(PCollectionView<Long> view) {
      this.view = view;
    }

    @ProcessElement
    public void processElement(ProcessContext context) {
      context.output(context.sideInput(view));
    }
  }

  private static final class Ascending implements Comparator<Long>, java.io.Serializable {
    @Override
    public int compare(Long a, Long b) {
      return Long.compare(a, b);
    }
  }
}
