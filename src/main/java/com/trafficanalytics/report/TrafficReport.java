package com.trafficanalytics.report;

import java.io.IOException;
import com.google.api.services.bigquery.model.TableRow;
import com.trafficanalytics.read.LineCounts;
import com.trafficanalytics.report.ReportFigures.UserRank;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
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
  /** The {@code user_traffic} rows. */
  public static final TupleTag<TableRow> USER_ROWS = new TupleTag<>("report-user-rows");

  /** The {@code minute_traffic} rows. */
  public static final TupleTag<TableRow> MINUTE_ROWS = new TupleTag<>("report-minute-rows");

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
    List<PCollection<ReportFigures>> parts = new ArrayList<>();
    parts.add(
        input
            .get(LINE_COUNTS)
            .apply("Total lines", Combine.globally(new LineCounts.Sum()))
            .apply("Totals as figures", figures((part, totals) -> part.totals = totals)));
    if (input.has(FILES)) {
      parts.add(
          input
              .get(FILES)
              .apply("Count files", Count.globally())
              .apply("Files as figures", figures((part, files) -> part.filesRead = files)));
    }
    if (input.has(USER_ROWS)) {
      addUserParts(input.get(USER_ROWS), parts);
    }
    if (input.has(MINUTE_ROWS) && facts.windowSeconds() != null) {
      parts.add(
          input
              .get(MINUTE_ROWS)
              .apply(
                  "Traffic over time",
                  Combine.globally(TimeSeries.fromMinuteRows(facts.windowSeconds() * 1000L)))
              .apply("Series as figures", figures((part, series) -> part.series = series)));
    }
    if (input.has(REJECTED_LINES)) {
      addRejectedParts(input.get(REJECTED_LINES), parts);
    }
    return PCollectionList.of(parts)
        .apply("All figures", Flatten.pCollections())
        .apply("Put figures together", Combine.globally(new ReportFigures.MergeFn()))
        .apply("Write report", ParDo.of(new WriteReportFn(facts, path)))
        .setCoder(StringUtf8Coder.of());
  }

  private void addUserParts(PCollection<TableRow> rows, List<PCollection<ReportFigures>> parts) {
    boolean showIds = facts.showUserIds();
    PCollection<KV<String, KV<Long, Long>>> users =
        rows.apply(
                "User figures",
                MapElements.into(
                        TypeDescriptors.kvs(
                            TypeDescriptors.strings(),
                            TypeDescriptors.kvs(TypeDescriptors.longs(), TypeDescriptors.longs())))
                    .via(
                        row ->
                            KV.of(
                                showIds ? String.valueOf(row.get("user_id")) : "",
                                KV.of(
                                    ReportFigures.longOf(row.get("pageviews")),
                                    ReportFigures.longOf(row.get("total_bytes"))))))
            .setCoder(
                KvCoder.of(StringUtf8Coder.of(), KvCoder.of(VarLongCoder.of(), VarLongCoder.of())));
    parts.add(
        users
            .apply("Top users by pageviews", Top.of(TOP_USERS, new ByFigure(true)))
            .apply(
                "Top pageviews as figures",
                figures((part, top) -> part.topByPageviews = ranks(top))));
    parts.add(
        users
            .apply("Top users by bytes", Top.of(TOP_USERS, new ByFigure(false)))
            .apply("Top bytes as figures", figures((part, top) -> part.topByBytes = ranks(top))));
    parts.add(
        rows.apply("Spread over users", Combine.globally(UserSpread.fromUserRows()))
            .apply("Spread as figures", figures((part, spread) -> part.spread = spread)));
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

  private static List<UserRank> ranks(List<KV<String, KV<Long, Long>>> top) {
    List<UserRank> ranks = new ArrayList<>();
    for (KV<String, KV<Long, Long>> user : top) {
      ranks.add(new UserRank(user.getKey(), user.getValue().getKey(), user.getValue().getValue()));
    }
    return ranks;
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
  private static final class ByFigure
      implements Comparator<KV<String, KV<Long, Long>>>, Serializable {
    private static final long serialVersionUID = 1L;
    private final boolean pageviewsFirst;

    ByFigure(boolean pageviewsFirst) {
      this.pageviewsFirst = pageviewsFirst;
    }

    @Override
    public int compare(KV<String, KV<Long, Long>> a, KV<String, KV<Long, Long>> b) {
      long pa = a.getValue().getKey();
      long pb = b.getValue().getKey();
      long ba = a.getValue().getValue();
      long bb = b.getValue().getValue();
      int byFigure = pageviewsFirst ? Long.compare(pa, pb) : Long.compare(ba, bb);
      if (byFigure == 0) {
        byFigure = pageviewsFirst ? Long.compare(ba, bb) : Long.compare(pa, pb);
      }
      return byFigure != 0 ? byFigure : b.getKey().compareTo(a.getKey());
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
