package com.trafficanalytics.report;

import com.trafficanalytics.coders.FieldsCoder;
import com.trafficanalytics.read.LineCounts;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BinaryOperator;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.apache.beam.sdk.transforms.Combine;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Everything the report shows that the pipeline computed, all of it small. Each branch of {@link
 * TrafficReport} fills one part (the line counts and the files, one part per element, which add
 * up); {@link #merge} puts the parts together into the one value the page is rendered from.
 *
 * <p>Coded by {@link FieldsCoder}, field by field, so that Beam compares two figures by their bytes
 * (Java serialization compared them by identity, and the DirectRunner warned at every step).
 * Serializable besides: {@link MergeFn}'s identity value lives inside a serialized DoFn.
 */
@DefaultCoder(FieldsCoder.class)
final class ReportFigures implements Serializable {
  private static final long serialVersionUID = 1L;

  /**
   * One of the top users.
   *
   * @param user the user id, or empty when the report leaves ids out
   */
  @DefaultCoder(FieldsCoder.class)
  record UserRank(String user, long pageviews, long bytes) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  @Nullable LineCounts totals;
  @Nullable Long filesRead;
  @Nullable UserSpread spread;
  @Nullable List<UserRank> topByPageviews;
  @Nullable List<UserRank> topByBytes;
  @Nullable TimeSeries series;
  final TreeMap<String, Long> rejectedPerReason = new TreeMap<>();
  final TreeMap<String, List<RejectedLine>> examplesPerReason = new TreeMap<>();

  /** Both parts together; neither is changed. */
  static ReportFigures merge(ReportFigures a, ReportFigures b) {
    ReportFigures merged = new ReportFigures();
    // Line counts and files come a part per element (TrafficReport): they add up.
    merged.totals = sum(a.totals, b.totals, LineCounts::plus);
    merged.filesRead = sum(a.filesRead, b.filesRead, Long::sum);
    merged.spread = a.spread != null ? a.spread : b.spread;
    merged.topByPageviews = a.topByPageviews != null ? a.topByPageviews : b.topByPageviews;
    merged.topByBytes = a.topByBytes != null ? a.topByBytes : b.topByBytes;
    merged.series = a.series != null ? a.series : b.series;
    for (ReportFigures part : List.of(a, b)) {
      part.rejectedPerReason.forEach((reason, n) -> merged.rejectedPerReason.merge(reason, n, Long::sum));
      part.examplesPerReason.forEach(
          (reason, lines) ->
              merged.examplesPerReason.merge(
                  reason, new ArrayList<>(lines), (x, y) -> {
                    List<RejectedLine> all = new ArrayList<>(x);
                    all.addAll(y);
                    return all;
                  }));
    }
    return merged;
  }

  /** Both added up, or the one that is there, or null when neither is. */
  private static <T> @Nullable T sum(@Nullable T a, @Nullable T b, BinaryOperator<T> add) {
    return a == null ? b : b == null ? a : add.apply(a, b);
  }

  /** Puts the parts together. */
  static final class MergeFn extends Combine.BinaryCombineFn<ReportFigures> {
    @Override
    public ReportFigures apply(ReportFigures left, ReportFigures right) {
      return merge(left, right);
    }

    @Override
    public ReportFigures identity() {
      return new ReportFigures();
    }
  }

  /** Reasons in the order of their counts, the largest first. */
  List<Map.Entry<String, Long>> reasonsByCount() {
    List<Map.Entry<String, Long>> reasons = new ArrayList<>(rejectedPerReason.entrySet());
    reasons.sort(Map.Entry.<String, Long>comparingByValue().reversed());
    return reasons;
  }
}
