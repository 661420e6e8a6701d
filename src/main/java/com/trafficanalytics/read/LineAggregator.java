package com.trafficanalytics.read;

import com.trafficanalytics.analysis.PartialTraffic;
import com.trafficanalytics.analysis.TrafficAnalysis;
import com.trafficanalytics.deadletter.DeadLetter;
import com.trafficanalytics.events.Event;
import com.trafficanalytics.events.EventParser;
import com.trafficanalytics.events.InvalidEventException;
import com.trafficanalytics.events.RejectReason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Decides what each input line is (an event, a blank line or a dead letter) and pre-aggregates
 * the events for every analysis that runs, over as many lines as the caller likes (a bundle of
 * file ranges). It reads nothing but the line it is handed and writes nothing; a rejected line, or
 * a file that could not be read, is returned as its dead letter.
 */
final class LineAggregator {
  private final List<PartialTraffic<?>> partials = new ArrayList<>();
  private final int maxLineBytes;
  private final EnumMap<RejectReason, Long> rejections = new EnumMap<>(RejectReason.class);
  private long linesRead;
  private long events;
  private long blankLines;
  private long rejected;
  private long brokenFiles;
  // The event-time span; meaningful only once events > 0.
  private long firstEventMillis = Long.MAX_VALUE;
  private long lastEventMillis = Long.MIN_VALUE;

  /**
   * @param analyses the analyses whose figures are wanted
   * @param maxLineBytes the line length beyond which the reader cuts a line, for the dead letter
   */
  LineAggregator(List<TrafficAnalysis<?>> analyses, int maxLineBytes) {
    for (TrafficAnalysis<?> analysis : analyses) {
      partials.add(new PartialTraffic<>(analysis));
    }
    this.maxLineBytes = maxLineBytes;
  }

  /**
   * Reads the next line from {@code lines} (positioned at a line start) and takes it: a line cut
   * at {@code maxLineBytes} or whose bytes are not UTF-8 is a dead letter before any parsing.
   *
   * @param source the input the line comes from, for its dead letter
   * @return the dead letter when the line is rejected, else null
   * @throws BrokenInputException when the input fails before the line ends; it is not counted
   */
  @Nullable
  DeadLetter take(LineReader lines, @Nullable String source) throws IOException {
    long offset = lines.offset();
    lines.readLineBytes();
    if (!lines.truncated()) {
      // The usual line is read from its bytes, never decoded; any other is decoded below.
      Event event;
      try {
        event = EventParser.parseIfFlat(lines.lineBuffer(), lines.textStart(), lines.textEnd());
      } catch (InvalidEventException e) {
        linesRead++;
        return reject(DeadLetter.ofLine(e.reason(), lines.text(), e.getMessage(), source, offset));
      }
      if (event != null) {
        linesRead++;
        count(event);
        return null;
      }
    }
    String line = lines.text();
    int malformedAt = lines.malformedAt();
    if (lines.truncated()) {
      linesRead++;
      return reject(
          deadLetter(
              RejectReason.LINE_TOO_LONG,
              line,
              "line is longer than --maxLineBytes=" + maxLineBytes + " bytes; only its first "
                  + lines.lineBytes().length + " bytes (whole characters) are kept here",
              source,
              offset,
              malformedAt < 0 ? null : lines.lineBytes()));
    }
    if (malformedAt >= 0) {
      linesRead++;
      return reject(
          deadLetter(
              RejectReason.INVALID_UTF8,
              line,
              "line is not valid UTF-8 (so not JSON text, RFC 8259): the bytes at byte "
                  + malformedAt + " of the line are no UTF-8 character; line_bytes holds the"
                  + " original bytes (base64), line shows them as U+FFFD",
              source,
              offset,
              lines.lineBytes()));
    }
    return accept(line, offset, source);
  }

  /**
   * Takes one line of valid UTF-8 text: counts it, and adds it to the figures when it is an event.
   *
   * @param offset where the line starts in its file's content, for its dead letter
   * @param source the input the line comes from, for its dead letter
   * @return the dead letter when the line is rejected, else null
   */
  @Nullable
  DeadLetter accept(String line, long offset, @Nullable String source) {
    linesRead++;
    if (EventParser.isBlank(line)) {
      blankLines++;
      return null;
    }
    Event event;
    try {
      event = EventParser.parse(line);
    } catch (InvalidEventException e) {
      return reject(DeadLetter.ofLine(e.reason(), line, e.getMessage(), source, offset));
    }
    count(event);
    return null;
  }

  /** Adds an event to the figures. */
  private void count(Event event) {
    events++;
    firstEventMillis = Math.min(firstEventMillis, event.timestampMillis());
    lastEventMillis = Math.max(lastEventMillis, event.timestampMillis());
    for (PartialTraffic<?> partial : partials) {
      partial.add(event);
    }
  }

  /**
   * Counts a file, or the rest of one, that could not be read, and returns its dead letter.
   *
   * @param offset the first byte of the file's content not read as part of a line, or null
   * @param unfinishedLine the bytes of the line the failure cut short (may be empty)
   */
  DeadLetter brokenFile(
      RejectReason reason,
      String error,
      @Nullable String source,
      @Nullable Long offset,
      byte[] unfinishedLine) {
    brokenFiles++;
    rejections.merge(reason, 1L, Long::sum);
    if (unfinishedLine.length == 0) {
      return new DeadLetter(reason, null, error, source, offset, null);
    }
    // The failure may have cut a character in two: the original bytes always go with the text.
    return deadLetter(
        reason,
        new String(unfinishedLine, StandardCharsets.UTF_8),
        error,
        source,
        offset,
        unfinishedLine);
  }

  private static DeadLetter deadLetter(
      RejectReason reason,
      String line,
      String error,
      @Nullable String source,
      @Nullable Long offset,
      byte @Nullable [] originalBytes) {
    return new DeadLetter(
        reason,
        line,
        error,
        source,
        offset,
        originalBytes == null ? null : DeadLetter.base64(originalBytes));
  }

  private DeadLetter reject(DeadLetter deadLetter) {
    rejected++;
    rejections.merge(deadLetter.reason(), 1L, Long::sum);
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
    brokenFiles = 0;
    firstEventMillis = Long.MAX_VALUE;
    lastEventMillis = Long.MIN_VALUE;
  }

  /** The partial figures, one per analysis, in the order the analyses were given. */
  List<PartialTraffic<?>> partials() {
    return partials;
  }

  /** How the lines taken so far were classified. */
  LineCounts counts() {
    boolean span = events > 0;
    return new LineCounts(
        linesRead,
        events,
        blankLines,
        rejected,
        brokenFiles,
        span ? Long.valueOf(firstEventMillis) : null,
        span ? Long.valueOf(lastEventMillis) : null);
  }

  /** How many dead letters (about lines or files) there were for each reason. */
  Map<RejectReason, Long> rejections() {
    return rejections;
  }
}
