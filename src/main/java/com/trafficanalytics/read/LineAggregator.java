package com.trafficanalytics.read;

import com.trafficanalytics.analysis.PartialTraffic;
import com.trafficanalytics.analysis.TrafficAnalysis;
import com.trafficanalytics.deadletter.DeadLetter;
import com.trafficanalytics.events.Event;
import com.trafficanalytics.events.EventParser;
import com.trafficanalytics.events.InvalidEventException;
import com.trafficanalytics.events.RejectReason;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Decides what each input line is (an event, a blank line or a dead letter) and pre-aggregates
 * the events for every analysis that runs, over as many lines as the caller likes (a bundle of
 * file ranges). Pure: it reads nothing and writes nothing; a rejected line is returned as its dead
 * letter.
 */
final class LineAggregator {
  private final List<PartialTraffic<?>> partials = new ArrayList<>();
  private final int maxLineBytes;
  private final EnumMap<RejectReason, Long> rejections = new EnumMap<>(RejectReason.class);
  private long linesRead;
  private long events;
  private long blankLines;
  private long rejected;

  /**
   * @param analyses the analyses whose figures are wanted
   * @param maxLineBytes the line length beyond which {@link #accept} is told a line was cut
   */
  LineAggregator(List<TrafficAnalysis<?>> analyses, int maxLineBytes) {
    for (TrafficAnalysis<?> analysis : analyses) {
      partials.add(new PartialTraffic<>(analysis));
    }
    this.maxLineBytes = maxLineBytes;
  }

  /**
   * Takes one line: counts it, and adds it to the figures when it is an event.
   *
   * @param truncated the line was longer than {@code maxLineBytes} and {@code line} is its start
   * @param source the input the line comes from, for its dead letter
   * @return the dead letter when the line is rejected, else null
   */
  @Nullable
  DeadLetter accept(String line, boolean truncated, @Nullable String source) {
    linesRead++;
    if (truncated) {
      return reject(
          new DeadLetter(
              line,
              "line is longer than --maxLineBytes=" + maxLineBytes + " bytes; only its first "
                  + maxLineBytes + " bytes are kept here",
              source),
          RejectReason.LINE_TOO_LONG);
    }
    if (EventParser.isBlank(line)) {
      blankLines++;
      return null;
    }
    Event event;
    try {
      event = EventParser.parse(line);
    } catch (InvalidEventException e) {
      return reject(new DeadLetter(line, e.getMessage(), source), e.reason());
    }
    events++;
    for (PartialTraffic<?> partial : partials) {
      partial.add(event);
    }
    return null;
  }

  private DeadLetter reject(DeadLetter deadLetter, RejectReason reason) {
    rejected++;
    rejections.merge(reason, 1L, Long::sum);
    return deadLetter;
  }

  /** How many groups the figures hold, over all analyses: what their memory grows with. */
  int groups() {
    int groups = 0;
    for (PartialTraffic<?> partial : partials) {
      groups += partial.groups();
    }
    return groups;
  }

  /** Forgets everything taken so far, once it has been emitted. */
  void clear() {
    partials.forEach(PartialTraffic::clear);
    rejections.clear();
    linesRead = 0;
    events = 0;
    blankLines = 0;
    rejected = 0;
  }

  /** The partial figures, one per analysis, in the order the analyses were given. */
  List<PartialTraffic<?>> partials() {
    return partials;
  }

  /** How the lines taken so far were classified. */
  LineCounts counts() {
    return new LineCounts(linesRead, events, blankLines, rejected);
  }

  /** How many lines were rejected for each reason. */
  Map<RejectReason, Long> rejections() {
    return rejections;
  }
}
