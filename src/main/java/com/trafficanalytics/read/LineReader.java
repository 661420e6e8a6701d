package com.trafficanalytics.read;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Splits a byte stream into lines the way Beam's TextIO does: a line ends at {@code \n},
 * {@code \r\n} or {@code \r}; the text is UTF-8; a byte-order mark at the very start of the input
 * is not part of the first line; a final line without a terminator still counts, an empty input
 * or a final terminator adds no empty line.
 *
 * <p>It also knows the byte offset where each line starts, so that a reader of a file range can
 * claim exactly the lines that start inside its range, and it never holds more than
 * {@code maxLineBytes} of a line: the rest of an over-long line is skipped and the line is marked
 * {@link #truncated()}.
 */
final class LineReader {
  private static final int BUFFER_BYTES = 64 * 1024;
  private static final byte[] BYTE_ORDER_MARK = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  private final ReadableByteChannel channel;
  private final int maxLineBytes;
  private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES);
  private final byte[] bytes = buffer.array();

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

  /** Reads the line at the current position, up to and including its terminator. */
  String readLine() throws IOException {
    boolean atStartOfInput = offset() == 0;
    scanLine(true);
    int from = atStartOfInput && startsWithByteOrderMark() ? BYTE_ORDER_MARK.length : 0;
    return new String(line, from, lineLength - from, StandardCharsets.UTF_8);
  }

  /** Whether the line last read was longer than {@code maxLineBytes} and has been cut. */
  boolean truncated() {
    return truncated;
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
    int room = maxLineBytes - lineLength;
    if (length > room) {
      truncated = true;
      length = room;
    }
    if (lineLength + length > line.length) {
      line = Arrays.copyOf(line, Math.min(maxLineBytes, Math.max(line.length * 2, lineLength + length)));
    }
    System.arraycopy(bytes, from, line, lineLength, length);
    lineLength += length;
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
      bufferOffset += limit;
      position = 0;
      limit = 0;
      buffer.clear();
      int read = channel.read(buffer);
      if (read < 0) {
        endOfInput = true;
      } else {
        limit = read;
      }
    }
    return true;
  }
}
