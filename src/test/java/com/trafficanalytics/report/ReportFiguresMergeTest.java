package com.trafficanalytics.report;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;

import com.trafficanalytics.read.LineCounts;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.Test;

/**
 * The report's line counts and files reach its final merge one part per element (one per chunk
 * read, one per file matched), so the merge adds them up, in any order and grouping; a part
 * without them leaves the others' alone.
 */
public class ReportFiguresMergeTest {
  private static ReportFigures part(LineCounts counts, Long files) {
    ReportFigures part = new ReportFigures();
    part.totals = counts;
    part.filesRead = files;
    return part;
  }

  @Test
  public void lineCountsAndFilesAddUp() {
    ReportFigures merged =
        ReportFigures.merge(
            part(new LineCounts(10, 8, 1, 1, 0, 2_000L, 9_000L), 1L),
            part(new LineCounts(5, 4, 0, 1, 1, 1_000L, 3_000L), 1L));

    // Written out by hand: lines, events, blanks, dead letters, broken files add; the span is
    // the earliest first event and the latest last one.
    assertEquals(new LineCounts(15, 12, 1, 2, 1, 1_000L, 9_000L), merged.totals);
    assertEquals(Long.valueOf(2), merged.filesRead);
  }

  @Test
  public void aPartWithoutThemLeavesTheOthersAsTheyAre() {
    LineCounts counts = new LineCounts(3, 3, 0, 0, 0, 1L, 2L);
    ReportFigures withCounts = part(counts, 4L);

    ReportFigures merged = ReportFigures.merge(new ReportFigures(), withCounts);
    assertSame(counts, merged.totals);
    assertEquals(Long.valueOf(4), merged.filesRead);

    ReportFigures neither = ReportFigures.merge(new ReportFigures(), new ReportFigures());
    assertNull("no line counts at all stay absent", neither.totals);
    assertNull("no files part (no file list given) stays absent", neither.filesRead);
  }

  @Test
  public void theMergeFnGivesTheSameTotalsInAnyOrder() {
    List<ReportFigures> parts = new ArrayList<>();
    long lines = 0;
    for (int i = 1; i <= 40; i++) {
      parts.add(part(new LineCounts(i, i, 0, 0, 0, 100L * i, 100L * i + 50), 1L));
      lines += i;
      parts.add(new ReportFigures()); // other parts (top lists, series) carry neither
    }
    ReportFigures.MergeFn merge = new ReportFigures.MergeFn();
    for (long seed = 0; seed < 5; seed++) {
      Collections.shuffle(parts, new Random(seed));
      ReportFigures merged = merge.apply(parts);
      assertEquals(new LineCounts(lines, lines, 0, 0, 0, 100L, 4_050L), merged.totals);
      assertEquals(Long.valueOf(40), merged.filesRead);
    }
  }
}
