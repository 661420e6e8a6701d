package com.trafficanalytics.read;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.Test;

/** Line splitting as TextIO does it, with offsets, the byte-order mark and the length guard. */
public class LineReaderTest {

  private static List<String> lines(byte[] input, int maxLineBytes) throws IOException {
    LineReader reader = new LineReader(channel(input), 0, maxLineBytes);
    List<String> lines = new ArrayList<>();
    while (reader.nextLine()) {
      lines.add(reader.readLine());
    }
    return lines;
  }

  private static List<String> lines(String input) throws IOException {
    return lines(input.getBytes(StandardCharsets.UTF_8), 1 << 20);
  }

  /** A channel that hands out at most 3 bytes per read, so every case crosses buffer refills. */
  private static ReadableByteChannel channel(byte[] input) {
    ReadableByteChannel whole = Channels.newChannel(new ByteArrayInputStream(input));
    return new ReadableByteChannel() {
      @Override
      public int read(java.nio.ByteBuffer dst) throws IOException {
        java.nio.ByteBuffer small = java.nio.ByteBuffer.allocate(Math.min(3, dst.remaining()));
        int n = whole.read(small);
        small.flip();
        dst.put(small);
        return n;
      }

      @Override
      public boolean isOpen() {
        return true;
      }

      @Override
      public void close() {}
    };
  }

  @Test
  public void splitsAtLineFeedCarriageReturnAndBoth() throws IOException {
    assertThat(lines("a\nb\r\nc\rd"), contains("a", "b", "c", "d"));
  }

  @Test
  public void aFinalTerminatorAddsNoEmptyLineButAnEmptyLineInsideCounts() throws IOException {
    assertThat(lines("a\n"), contains("a"));
    assertThat(lines("a\r\n\r\nb\n"), contains("a", "", "b"));
    assertThat(lines("\n"), contains(""));
    assertThat(lines(""), is(empty()));
  }

  @Test
  public void aByteOrderMarkAtTheStartIsNotPartOfTheFirstLine() throws IOException {
    assertThat(lines("\uFEFFa\n\uFEFFb"), contains("a", "\uFEFFb"));
  }

  @Test
  public void decodesUtf8() throws IOException {
    assertThat(lines("héllo → 世界\nx"), contains("héllo → 世界", "x"));
  }

  @Test
  public void aLineLongerThanTheLimitIsCutAndMarked() throws IOException {
    LineReader reader =
        new LineReader(channel("0123456789\nok\n".getBytes(StandardCharsets.UTF_8)), 0, 4);
    assertThat(reader.nextLine(), is(true));
    assertThat(reader.readLine(), is("0123"));
    assertThat(reader.truncated(), is(true));
    assertThat(reader.nextLine(), is(true));
    assertThat(reader.readLine(), is("ok"));
    assertThat(reader.truncated(), is(false));
    assertThat(reader.nextLine(), is(false));
  }

  @Test
  public void reportsWhereEachLineStarts() throws IOException {
    byte[] input = "ab\r\ncd\ref\n\ngh".getBytes(StandardCharsets.UTF_8);
    LineReader reader = new LineReader(channel(input), 0, 100);
    List<Long> starts = new ArrayList<>();
    while (reader.nextLine()) {
      starts.add(reader.offset());
      reader.readLine();
    }
    assertThat(starts, contains(0L, 4L, 7L, 10L, 11L));
  }

  @Test
  public void startingMidInputSkipsToTheNextLineStart() throws IOException {
    byte[] input = "ab\r\ncd\nef".getBytes(StandardCharsets.UTF_8);
    // For a reader starting at each offset, the lines it reads are those starting at or after it.
    List<List<String>> seen = new ArrayList<>();
    for (int start = 1; start <= input.length; start++) {
      LineReader reader =
          new LineReader(
              channel(Arrays.copyOfRange(input, start - 1, input.length)), start - 1, 100);
      reader.skipRestOfLine();
      List<String> lines = new ArrayList<>();
      while (reader.nextLine()) {
        lines.add(reader.readLine());
      }
      seen.add(lines);
    }
    assertThat(
        seen,
        contains(
            List.of("cd", "ef"), // start 1: inside "ab"
            List.of("cd", "ef"), // start 2: at "\r"
            List.of("cd", "ef"), // start 3: at the "\n" of "\r\n": still the first line's end
            List.of("cd", "ef"), // start 4: "cd" starts here
            List.of("ef"),
            List.of("ef"),
            List.of("ef"),
            List.of(),
            List.of()));
  }

  @Test
  public void aCutLineEndsAtACharacterBoundaryAndNeverPassesTheLimit() throws IOException {
    String text = "aé€😀b"; // 1, 2, 3, 4 and 1 bytes
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    for (int max = 1; max < utf8.length; max++) {
      byte[] input = (text + "\nx").getBytes(StandardCharsets.UTF_8);
      LineReader reader = new LineReader(channel(input), 0, max);
      assertThat(reader.nextLine(), is(true));
      String kept = reader.readLine();
      // The longest prefix of whole characters within the limit, worked out by code points.
      StringBuilder expected = new StringBuilder();
      for (int cp : text.codePoints().toArray()) {
        String c = new String(Character.toChars(cp));
        if (expected.toString().getBytes(StandardCharsets.UTF_8).length
                + c.getBytes(StandardCharsets.UTF_8).length > max) {
          break;
        }
        expected.append(c);
      }
      assertThat("limit " + max, kept, is(expected.toString()));
      assertThat(reader.truncated(), is(true));
      assertThat(reader.malformedAt(), is(-1));
      assertThat(reader.nextLine(), is(true));
      assertThat(reader.readLine(), is("x"));
    }
  }

  @Test
  public void tellsWhereALineStopsBeingUtf8AndKeepsItsBytes() throws IOException {
    byte[][] cases = {
      {'a', (byte) 0xFF, (byte) 0xFE}, // bytes that never occur in UTF-8
      {'a', 'b', (byte) 0xC0, (byte) 0x80}, // an overlong NUL
      {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, // a UTF-16 surrogate, encoded (CESU-8)
      {'x', (byte) 0xE2, (byte) 0x82}, // a character cut short at the end of the line
    };
    int[] malformedAt = {1, 2, 0, 1};
    for (int i = 0; i < cases.length; i++) {
      byte[] input = Arrays.copyOf(cases[i], cases[i].length + 3);
      input[cases[i].length] = '\n';
      input[cases[i].length + 1] = 'o';
      input[cases[i].length + 2] = 'k';
      LineReader reader = new LineReader(channel(input), 0, 100);
      assertThat(reader.nextLine(), is(true));
      assertThat(reader.readLine(), containsString("\uFFFD"));
      assertThat("case " + i, reader.malformedAt(), is(malformedAt[i]));
      assertThat(reader.lineBytes(), is(cases[i]));
      assertThat(reader.nextLine(), is(true));
      assertThat(reader.readLine(), is("ok"));
      assertThat(reader.malformedAt(), is(-1));
    }
  }

  @Test
  public void aReplacementCharacterInTheInputIsValidUtf8() throws IOException {
    LineReader reader =
        new LineReader(channel("a\uFFFDb".getBytes(StandardCharsets.UTF_8)), 0, 100);
    assertThat(reader.nextLine(), is(true));
    assertThat(reader.readLine(), is("a\uFFFDb"));
    assertThat(reader.malformedAt(), is(-1));
  }

  @Test
  public void aFailingInputSaysWhereWholeLinesStopAndKeepsTheUnfinishedLine() throws IOException {
    byte[] good = "one\ntwo\nthr".getBytes(StandardCharsets.UTF_8);
    ReadableByteChannel failing = failingAfter(good);
    LineReader reader = new LineReader(failing, 0, 100);
    List<String> lines = new ArrayList<>();
    BrokenInputException broken = null;
    try {
      while (reader.nextLine()) {
        lines.add(reader.readLine());
      }
    } catch (BrokenInputException e) {
      broken = e;
    }
    assertThat(lines, contains("one", "two"));
    assertThat(broken.offset(), is(8L));
    assertThat(new String(broken.unfinishedLine(), StandardCharsets.UTF_8), is("thr"));
    assertThat(broken.getCause(), instanceOf(java.io.EOFException.class));

    // Failing at a line start: no unfinished line, the offset is the next line's start.
    LineReader atStart =
        new LineReader(failingAfter("one\n".getBytes(StandardCharsets.UTF_8)), 0, 100);
    assertThat(atStart.nextLine(), is(true));
    assertThat(atStart.readLine(), is("one"));
    BrokenInputException atLineStart = null;
    try {
      atStart.nextLine();
    } catch (BrokenInputException e) {
      atLineStart = e;
    }
    assertThat(atLineStart.offset(), is(4L));
    assertThat(atLineStart.unfinishedLine().length, is(0));
  }

  /**
   * A channel over a stream (Channels.newChannel) fills the buffer in several reads of the stream
   * and, when a later one fails, throws after it has put bytes into the buffer: they still count.
   */
  @Test
  public void bytesPutIntoTheBufferBeforeAFailureStillCount() throws IOException {
    byte[] good = "one\ntwo\nthr".getBytes(StandardCharsets.UTF_8);
    ReadableByteChannel fillsThenFails =
        new ReadableByteChannel() {
          private boolean done;

          @Override
          public int read(java.nio.ByteBuffer dst) throws IOException {
            if (!done) {
              done = true;
              dst.put(good);
            }
            throw new java.io.EOFException("Unexpected end of ZLIB input stream");
          }

          @Override
          public boolean isOpen() {
            return true;
          }

          @Override
          public void close() {}
        };
    LineReader reader = new LineReader(fillsThenFails, 0, 100);
    List<String> lines = new ArrayList<>();
    BrokenInputException broken = null;
    try {
      while (reader.nextLine()) {
        lines.add(reader.readLine());
      }
    } catch (BrokenInputException e) {
      broken = e;
    }
    assertThat(lines, contains("one", "two"));
    assertThat(broken.offset(), is(8L));
    assertThat(new String(broken.unfinishedLine(), StandardCharsets.UTF_8), is("thr"));
  }

  /** Hands out {@code bytes} a few at a time, then fails as a truncated gzip stream does. */
  private static ReadableByteChannel failingAfter(byte[] bytes) {
    ReadableByteChannel good = channel(bytes);
    return new ReadableByteChannel() {
      @Override
      public int read(java.nio.ByteBuffer dst) throws IOException {
        int n = good.read(dst);
        if (n < 0) {
          throw new java.io.EOFException("Unexpected end of ZLIB input stream");
        }
        return n;
      }

      @Override
      public boolean isOpen() {
        return true;
      }

      @Override
      public void close() {}
    };
  }
}
