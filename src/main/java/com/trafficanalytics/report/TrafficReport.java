package com.trafficanalytics.report;

import com.trafficanalytics.analysis.TrafficStats;
import com.trafficanalytics.coders.FieldsCoder;
import com.trafficanalytics.read.LineCounts;
import com.trafficanalytics.report.ReportFigures.UserRank;
import com.trafficanalytics.transforms.LiftedCombine;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.CannotProvideCoderException;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.transforms.Combine.CombineFn;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.CombineFns;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SimpleFunction;
import org.apache.beam.sdk.transforms.Top;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Computes and writes {@code report.html}: the run, traffic over time, the top users, how traffic
 * spreads over users and the rejected lines, from a run's merged rows, line counts and dead
 * letters.
 *
 * <p>Works after the merge, so the cost per event does not change, and only on small collections:
 * every figure is a global combine or a {@link Top} of fixed size, so no worker ever holds more
 * than a few thousand values, whatever the number of users or windows. The input is a tuple of the
 * collections under this class's tags; those that are absent (an analysis that did not run) are
 * left out of the page. The output holds the report's path once it is written, and nothing when
 * writing failed (which is logged and never fails the run): something to {@code Wait.on}.
 */
public final class TrafficReport extends PTransform<PCollectionTuple, PCollection<String>> {
  /**
   * The merged {@code user_traffic} figures, each element one merge key's users: the same figures
   * as the rows, one element per key instead of per user (see {@code
   * MergePartialTraffic.toRows}).
   */
  public static final TupleTag<KV<Integer, Map<String, TrafficStats>>> USER_FIGURES =
      new TupleTag<>("report-user-figures");

  /**
   * The merged {@code minute_traffic} figures, each element one merge key's windows (window start
   * in epoch milliseconds): the same figures as the rows.
   */
  public static final TupleTag<KV<Integer, Map<Long, TrafficStats>>> MINUTE_FIGURES =
      new TupleTag<>("report-minute-figures");

  /** The line counts of every part read (required). */
  public static final TupleTag<LineCounts> LINE_COUNTS = new TupleTag<>("report-line-counts");

  /** Every rejected line. */
  public static final TupleTag<RejectedLine> REJECTED_LINES = new TupleTag<>("report-rejected");

  /** The input files matched. */
  public static final TupleTag<MatchResult.Metadata> FILES = new TupleTag<>("report-files");

  /** Users in each top list. */
  static final int TOP_USERS = 20;

  /** Examples shown per reason. */
  static final int EXAMPLES_PER_REASON = 3;

  // The three results of the one combine over the user rows (UserFiguresFn).
  private static final TupleTag<List<UserRank>> TOP_BY_PAGEVIEWS = new TupleTag<>("top-pageviews");
  private static final TupleTag<List<UserRank>> TOP_BY_BYTES = new TupleTag<>("top-bytes");
  private static final TupleTag<UserSpread> SPREAD = new TupleTag<>("spread");

  private final ReportFacts facts;
  private final String path;

  private TrafficReport(ReportFacts facts, String path) {
    super("Report");
    this.facts = facts;
    this.path = path;
  }

  /**
   * Checks, before a run, that the report may be written at {@code path}: nothing is there, or a
   * report this job wrote (never a file of someone else's, never a folder).
   *
   * @throws IOException saying what is in the way and how to fix it
   */
  public static void checkReplaceable(String path) throws IOException {
    WriteReportFn.checkReplaceable(path);
  }

  /** The report of a run described by {@code facts}, written to {@code path} (local or gs://). */
  public static TrafficReport to(String path, ReportFacts facts) {
    return new TrafficReport(facts, path);
  }

  @Override
  public PCollection<String> expand(PCollectionTuple input) {
    // Each global combine is about ten steps of the job, and on the DirectRunner each step costs
    // start-up time whatever its input: so the few line counts and file names go straight to the
    // final merge, a part per element, and the figures of the user rows come from one combine,
    // lifted by hand (LiftedCombine) because the rows grow with the users.
    List<PCollection<ReportFigures>> parts = new ArrayList<>();
    parts.add(
        input
            .get(LINE_COUNTS)
            .apply("Totals as figures", figures((part, counts) -> part.totals = counts)));
    if (input.has(FILES)) {
      parts.add(
          input.get(FILES).apply("Files as figures", figures((part, file) -> part.filesRead = 1L)));
    }
    if (input.has(USER_FIGURES)) {
      parts.add(
          input
              .get(USER_FIGURES)
              .apply(
                  "User figures", LiftedCombine.globally(new UserFiguresFn(facts.showUserIds()))));
    }
    if (input.has(MINUTE_FIGURES) && facts.windowSeconds() != null) {
      parts.add(
          input
              .get(MINUTE_FIGURES)
              .apply(
                  "Traffic over time",
                  LiftedCombine.globally(
                      TimeSeries.fromMinuteFigures(facts.windowSeconds() * 1000L)))
              .apply("Series as figures", figures((part, series) -> part.series = series)));
    }
    if (input.has(REJECTED_LINES)) {
      addRejectedParts(input.get(REJECTED_LINES), parts);
    }
    return PCollectionList.of(parts)
        .apply("All figures", Flatten.pCollections())
        .apply("Put figures together", LiftedCombine.globally(new ReportFigures.MergeFn()))
        .apply("Write report", ParDo.of(new WriteReportFn(facts, path)))
        .setCoder(StringUtf8Coder.of());
  }

  /**
   * The top users both ways and the spread over users, from one pass over the merged user figures:
   * Beam's
   * composed combine of the three, its result put into the report's part within the combine. (The
   * composed result itself could only be Java-serialized between steps, and {@code Top}'s lists
   * cannot be.)
   */
  private static final class UserFiguresFn
      extends CombineFn<KV<Integer, Map<String, TrafficStats>>, Object[], ReportFigures> {
    private final boolean showIds;
    private final CombineFns.ComposedCombineFn<UserRank> figures;

    UserFiguresFn(boolean showIds) {
      this.showIds = showIds;
      SameUser same = new SameUser();
      figures =
          CombineFns.compose()
              .with(same, new Top.TopCombineFn<>(TOP_USERS, new ByFigure(true)), TOP_BY_PAGEVIEWS)
              .with(same, new Top.TopCombineFn<>(TOP_USERS, new ByFigure(false)), TOP_BY_BYTES)
              .with(same, UserSpread.ofUsers(), SPREAD);
    }

    @Override
    public Object[] createAccumulator() {
      return figures.createAccumulator();
    }

    /** Every user of one merge key, as the top lists rank them (without ids when left out). */
    @Override
    public Object[] addInput(Object[] accumulator, KV<Integer, Map<String, TrafficStats>> key) {
      Object[] result = accumulator;
      for (Map.Entry<String, TrafficStats> user : key.getValue().entrySet()) {
        TrafficStats stats = user.getValue();
        result =
            figures.addInput(
                result,
                new UserRank(showIds ? user.getKey() : "", stats.pageviews(), stats.totalBytes()));
      }
      return result;
    }

    @Override
    public Object[] mergeAccumulators(Iterable<Object[]> accumulators) {
      return figures.mergeAccumulators(accumulators);
    }

    @Override
    public ReportFigures extractOutput(Object[] accumulator) {
      CombineFns.CoCombineResult result = figures.extractOutput(accumulator);
      ReportFigures part = new ReportFigures();
      part.topByPageviews = new ArrayList<>(result.get(TOP_BY_PAGEVIEWS));
      part.topByBytes = new ArrayList<>(result.get(TOP_BY_BYTES));
      part.spread = result.get(SPREAD);
      return part;
    }

    @Override
    public Coder<Object[]> getAccumulatorCoder(
        CoderRegistry registry, Coder<KV<Integer, Map<String, TrafficStats>>> input)
        throws CannotProvideCoderException {
      return figures.getAccumulatorCoder(registry, FieldsCoder.of(UserRank.class));
    }
  }

  /** A user as every part of the combine takes it. */
  private static final class SameUser extends SimpleFunction<UserRank, UserRank> {
    @Override
    public UserRank apply(UserRank user) {
      return user;
    }
  }

  private void addRejectedParts(
      PCollection<RejectedLine> rejected, List<PCollection<ReportFigures>> parts) {
    boolean showLines = facts.showUserIds();
    PCollection<KV<String, RejectedLine>> byReason =
        rejected
            .apply(
                "Cut rejected lines",
                MapElements.into(
                        TypeDescriptors.kvs(
                            TypeDescriptors.strings(), TypeDescriptor.of(RejectedLine.class)))
                    .via(line -> KV.of(line.reason(), showLines ? line.cut() : line.withoutText())));
    parts.add(
        byReason
            .apply("Count per reason", Count.perKey())
            .apply(
                "Counts as figures",
                figures(
                    (part, count) ->
                        part.rejectedPerReason.put(count.getKey(), count.getValue()))));
    parts.add(
        byReason
            .apply("Examples per reason", Top.perKey(EXAMPLES_PER_REASON, new LaterInInput()))
            .apply(
                "Examples as figures",
                figures(
                    (part, examples) ->
                        part.examplesPerReason.put(
                            examples.getKey(), new ArrayList<>(examples.getValue())))));
  }

  /** Fills in the part of the report's figures that one value gives. */
  private interface FillFigures<T> extends Serializable {
    void fill(ReportFigures part, T value);
  }

  /** Each value as the report's figures with only its own part filled in, to be merged later. */
  private static <T> PTransform<PCollection<T>, PCollection<ReportFigures>> figures(
      FillFigures<T> fill) {
    return new PTransform<PCollection<T>, PCollection<ReportFigures>>() {
      @Override
      public PCollection<ReportFigures> expand(PCollection<T> input) {
        return input
            .apply(
                MapElements.into(TypeDescriptor.of(ReportFigures.class))
                    .via(
                        (T value) -> {
                          ReportFigures part = new ReportFigures();
                          fill.fill(part, value);
                          return part;
                        }));
      }
    };
  }

  /**
   * Orders users by pageviews (or bytes), then the other figure; on a tie the smaller user id ranks
   * higher, so the top lists do not depend on the order rows arrive in.
   */
  private static final class ByFigure implements Comparator<UserRank>, Serializable {
    private static final long serialVersionUID = 1L;
    private final boolean pageviewsFirst;

    ByFigure(boolean pageviewsFirst) {
      this.pageviewsFirst = pageviewsFirst;
    }

    @Override
    public int compare(UserRank a, UserRank b) {
      int byFigure =
          pageviewsFirst
              ? Long.compare(a.pageviews(), b.pageviews())
              : Long.compare(a.bytes(), b.bytes());
      if (byFigure == 0) {
        byFigure =
            pageviewsFirst
                ? Long.compare(a.bytes(), b.bytes())
                : Long.compare(a.pageviews(), b.pageviews());
      }
      return byFigure != 0 ? byFigure : b.user().compareTo(a.user());
    }
  }

  /** Later in the input is "larger": so {@link Top} keeps the lines first in the input. */
  private static final class LaterInInput implements Comparator<RejectedLine>, Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public int compare(RejectedLine a, RejectedLine b) {
      return RejectedLine.FIRST_IN_INPUT.compare(b, a);
    }
  }
}
