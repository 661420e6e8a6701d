package com.trafficanalytics.read;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Splits a byte stream into lines the way Beam's TextIO does: a line ends at {@code \n},
 * {@code \r\n} or {@code \r}; the text is UTF-8; a byte-order mark at the very start of the input
 * is not part of the first line; a final line without a terminator still counts, an empty input
 * or a final terminator adds no empty line.
 *
 * <p>It also knows the byte offset where each line starts, so that a reader of a file range can
 * claim exactly the lines that start inside its range, and it never holds more than
 * {@code maxLineBytes} of a line: the rest of an over-long line is skipped, the kept part ends at a
 * character boundary, and the line is marked {@link #truncated()}. Unlike TextIO it tells a line
 * whose bytes are not valid UTF-8 ({@link #malformedAt()}) instead of silently replacing them.
 *
 * <p>When the input fails (a truncated compressed stream, a file that vanished), it throws a
 * {@link BrokenInputException} that says where the lines stopped and holds the line the failure
 * cut short.
 */
final class LineReader {
  private static final int BUFFER_BYTES = 64 * 1024;
  private static final byte[] BYTE_ORDER_MARK = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  private final ReadableByteChannel channel;
  private final int maxLineBytes;
  private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES);
  private final byte[] bytes = buffer.array();

  /** Strict UTF-8, used only for the rare line whose lenient decoding shows a U+FFFD. */
  private final CharsetDecoder strictUtf8 =
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);

  /** Input offset of {@code bytes[0]}. */
  private long bufferOffset;

  private int position;
  private int limit;
  private boolean endOfInput;

  /** The previous line ended with {@code \r}: a {@code \n} right after it belongs to it. */
  private boolean lineFeedMayFollow;

  private byte[] line = new byte[256];
  private int lineLength;
  private boolean truncated;

  /** Where the line being kept starts, or -1 while no line is being kept. */
  private long keptLineStart = -1;

  /** The first byte of the last line's text in {@code line}: 3 after a leading byte-order mark. */
  private int textFrom;

  private int malformedAt = -1;

  /** The failure of the input, once the bytes read before it are used up. */
  private @Nullable Exception failure;

  /**
   * Reads {@code channel}, whose next byte is at input offset {@code offset}.
   *
   * @param maxLineBytes the most bytes of one line kept in memory
   */
  LineReader(ReadableByteChannel channel, long offset, int maxLineBytes) {
    this.channel = channel;
    this.bufferOffset = offset;
    this.maxLineBytes = maxLineBytes;
  }

  /**
   * Moves to the start of the next line and returns true, or returns false at the end of the
   * input. {@link #offset()} is then where that line starts.
   */
  boolean nextLine() throws IOException {
    if (!ensureByte()) {
      return false;
    }
    if (lineFeedMayFollow) {
      lineFeedMayFollow = false;
      if (bytes[position] == '\n') {
        position++;
        return ensureByte();
      }
    }
    return true;
  }

  /** The input offset of the next byte to read. */
  long offset() {
    return bufferOffset + position;
  }

  /**
   * Reads the line at the current position, up to and including its terminator, and returns its
   * text; a byte sequence that is not UTF-8 shows as U+FFFD (see {@link #malformedAt()}).
   */
  String readLine() throws IOException {
    readLineBytes();
    return text();
  }

  /**
   * Reads the line at the current position, up to and including its terminator, without decoding
   * it: its bytes are {@link #lineBuffer()} from {@link #textStart()} to {@link #textEnd()}, and
   * {@link #text()} decodes them when a String is needed.
   */
  void readLineBytes() throws IOException {
    boolean atStartOfInput = offset() == 0;
    keptLineStart = offset();
    scanLine(true);
    keptLineStart = -1;
    textFrom = atStartOfInput && startsWithByteOrderMark() ? BYTE_ORDER_MARK.length : 0;
  }

  /**
   * The text of the line last read; a byte sequence that is not UTF-8 shows as U+FFFD (see {@link
   * #malformedAt()}, which this sets).
   */
  String text() {
    String text = new String(line, textFrom, lineLength - textFrom, StandardCharsets.UTF_8);
    // The lenient decoder turns every malformed sequence into U+FFFD, so a line without one is
    // valid: the strict check runs only for the rare line that shows one. For a Latin-1 string
    // (any ASCII line) indexOf returns at once, without scanning.
    malformedAt = text.indexOf('\uFFFD') < 0 ? -1 : firstMalformedByte(textFrom, lineLength);
    return text;
  }

  /** The bytes of the line last read, from {@link #textStart()} to {@link #textEnd()} (no copy). */
  byte[] lineBuffer() {
    return line;
  }

  /** Where the line last read starts in {@link #lineBuffer()}, after a byte-order mark. */
  int textStart() {
    return textFrom;
  }

  /** Where the line last read ends in {@link #lineBuffer()}, its terminator left out. */
  int textEnd() {
    return lineLength;
  }

  /** Whether the line last read was longer than {@code maxLineBytes} and has been cut. */
  boolean truncated() {
    return truncated;
  }

  /**
   * Where the first byte sequence that is not valid UTF-8 starts in the line last read (counted
   * from the start of its text, as in {@link #lineBytes()}), or -1 when the line is valid UTF-8;
   * known once {@link #text()} has decoded the line.
   */
  int malformedAt() {
    return malformedAt;
  }

  /** A copy of the bytes of the line last read (without a leading byte-order mark). */
  byte[] lineBytes() {
    return Arrays.copyOfRange(line, textFrom, lineLength);
  }

  /**
   * Skips the rest of the line the current position is in, up to and including its terminator:
   * how a reader that starts in the middle of the input finds the first line start.
   */
  void skipRestOfLine() throws IOException {
    scanLine(false);
  }

  private void scanLine(boolean keep) throws IOException {
    lineLength = 0;
    truncated = false;
    while (ensureByte()) {
      int end = position;
      while (end < limit && bytes[end] != '\n' && bytes[end] != '\r') {
        end++;
      }
      if (keep) {
        append(position, end - position);
      }
      if (end < limit) {
        lineFeedMayFollow = bytes[end] == '\r';
        position = end + 1;
        return;
      }
      position = limit;
    }
  }

  private void append(int from, int length) {
    if (truncated) {
      return;
    }
    int room = maxLineBytes - lineLength;
    boolean cut = length > room;
    int kept = cut ? room : length;
    if (lineLength + kept > line.length) {
      int size = Math.min(maxLineBytes, Math.max(line.length * 2, lineLength + kept));
      line = Arrays.copyOf(line, size);
    }
    System.arraycopy(bytes, from, line, lineLength, kept);
    lineLength += kept;
    if (cut) {
      truncated = true;
      if (isContinuationByte(bytes[from + kept])) {
        dropIncompleteCharacter();
      }
    }
  }

  /**
   * The cut fell inside a character: drops its first bytes, so the kept text ends at a character
   * boundary and stays within the limit (instead of ending in a U+FFFD).
   */
  private void dropIncompleteCharacter() {
    int lead = lineLength - 1;
    while (lead >= 0 && lineLength - lead < 4 && isContinuationByte(line[lead])) {
      lead--;
    }
    if (lead >= 0 && (line[lead] & 0xC0) == 0xC0) {
      lineLength = lead;
    }
  }

  private static boolean isContinuationByte(byte b) {
    return (b & 0xC0) == 0x80;
  }

  private int firstMalformedByte(int from, int to) {
    ByteBuffer in = ByteBuffer.wrap(line, from, to - from);
    CharBuffer out = CharBuffer.allocate(to - from);
    strictUtf8.reset();
    CoderResult result = strictUtf8.decode(in, out, true);
    if (!result.isError()) {
      result = strictUtf8.flush(out);
    }
    return result.isError() ? in.position() - from : -1;
  }

  private boolean startsWithByteOrderMark() {
    return lineLength >= BYTE_ORDER_MARK.length
        && line[0] == BYTE_ORDER_MARK[0]
        && line[1] == BYTE_ORDER_MARK[1]
        && line[2] == BYTE_ORDER_MARK[2];
  }

  /** Makes sure a byte is buffered at {@code position}; false at the end of the input. */
  private boolean ensureByte() throws IOException {
    while (position == limit) {
      if (endOfInput) {
        return false;
      }
      if (failure != null) {
        throw broken(failure);
      }
      bufferOffset += limit;
      position = 0;
      limit = 0;
      buffer.clear();
      int read;
      try {
        read = channel.read(buffer);
      } catch (IOException | UncheckedIOException e) {
        // A channel may fail after putting bytes into the buffer (Channels.newChannel reads its
        // stream in several steps, and a truncated stream fails in a later one): those bytes are
        // input all the same, and the failure comes once they are used up.
        failure = e;
        read = buffer.position();
        if (read == 0) {
          throw broken(e);
        }
      }
      if (read < 0) {
        endOfInput = true;
      } else {
        limit = read;
      }
    }
    return true;
  }

  /** The failure of the input, with the line it cut short when one was being kept. */
  private BrokenInputException broken(Exception cause) {
    if (keptLineStart < 0) {
      return new BrokenInputException(offset(), new byte[0], cause);
    }
    int from = keptLineStart == 0 && startsWithByteOrderMark() ? BYTE_ORDER_MARK.length : 0;
    return new BrokenInputException(
        keptLineStart, Arrays.copyOfRange(line, from, lineLength), cause);
  }
}
