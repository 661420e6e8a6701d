package com.trafficanalytics.quality;

import com.trafficanalytics.read.LineCounts;
import com.trafficanalytics.transforms.LiftedCombine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;

/**
 * Fails the run when too large a share of the input was rejected: a wrong input (another format,
 * the wrong files) usually shows as nearly all dead letters, and writing empty results over good
 * tables would hide it. Its output is the total line count, once the check has passed; outputs that
 * wait on it ({@code Wait.on}) are written only when the run passes.
 */
public final class DeadLetterRatioGate
    extends PTransform<PCollection<LineCounts>, PCollection<LineCounts>> {
  private final double maxRatio;

  private DeadLetterRatioGate(double maxRatio) {
    this.maxRatio = maxRatio;
  }

  /**
   * Passes when at most {@code maxRatio} of the non-blank lines are dead letters.
   *
   * @param maxRatio a fraction from 0 to 1
   */
  public static DeadLetterRatioGate atMost(double maxRatio) {
    return new DeadLetterRatioGate(maxRatio);
  }

  /**
   * Whether more than {@code maxRatio} of the non-blank lines in {@code total} are dead letters:
   * the gate's rule, shared with the report, which says when a run failed it.
   */
  public static boolean exceeded(LineCounts total, double maxRatio) {
    long nonBlank = total.events() + total.deadLetters();
    return nonBlank > 0 && total.deadLetters() > maxRatio * nonBlank;
  }

  @Override
  public PCollection<LineCounts> expand(PCollection<LineCounts> parts) {
    return parts
        .apply("Total lines", LiftedCombine.globally(new LineCounts.Sum()))
        .apply("Check dead-letter ratio", ParDo.of(new CheckFn(maxRatio)));
  }

  /** The check itself, on the totals. */
  static final class CheckFn extends DoFn<LineCounts, LineCounts> {
    private final double maxRatio;

    CheckFn(double maxRatio) {
      this.maxRatio = maxRatio;
    }

    @ProcessElement
    public void processElement(@Element LineCounts total, OutputReceiver<LineCounts> out) {
      long nonBlank = total.events() + total.deadLetters();
      if (exceeded(total, maxRatio)) {
        throw new DeadLetterRatioExceededException(
            String.format(
                "%d of %d non-blank lines (%.2f%%) were rejected, more than --maxDeadLetterRatio=%s"
                    + " allows, so the results were not written. Check the dead letters for the"
                    + " reasons.",
                total.deadLetters(), nonBlank, 100.0 * total.deadLetters() / nonBlank, maxRatio));
      }
      out.output(total);
    }
  }
}
