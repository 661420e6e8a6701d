package com.trafficanalytics.read;

import static org.junit.Assert.assertEquals;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.GZIPOutputStream;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The input's size as the pipeline is sized from it: the bound of its bytes and local chunks. */
public class InputSizeTest {
  private static final long MIB = 1L << 20;

  @Rule public TemporaryFolder folder = new TemporaryFolder();

  /** A sparse file of {@code bytes} bytes: only its size is read. */
  private Path fileOf(String name, long bytes) throws IOException {
    Path file = folder.getRoot().toPath().resolve(name);
    try (SeekableByteChannel channel =
        Files.newByteChannel(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      channel.position(bytes - 1);
      channel.write(ByteBuffer.wrap(new byte[] {'\n'}));
    }
    return file;
  }

  @Test
  public void theBoundIsTheFilesSizesWithCompressedOnesCountedTwentyTimes() throws IOException {
    fileOf("a.json", 1000);
    fileOf("b.json", 234);
    Path gz = folder.getRoot().toPath().resolve("c.json.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      out.write("{}\n".getBytes());
    }
    long expected = 1000 + 234 + Files.size(gz) * 20;
    assertEquals(expected, InputSize.upperBound(folder.getRoot() + "/*"));
  }

  @Test
  public void localChunksNeverGoBelowTheDefault() {
    assertEquals(
        ReadAndPreAggregateFn.DEFAULT_CHUNK_BYTES,
        InputSize.chunkBytesForOneProcess(folder.getRoot() + "/none-*.json", 3));
  }

  @Test
  public void localChunksMakeOneChunkPerThread() throws IOException {
    // 1,200 MiB over 3 threads: 3 chunks of 400 MiB, each its own split.
    fileOf("big.json", 1200 * MIB);
    assertEquals(400 * MIB, InputSize.chunkBytesForOneProcess(folder.getRoot() + "/*.json", 3));
    // One thread: one chunk of 1,200 MiB.
    assertEquals(1200 * MIB, InputSize.chunkBytesForOneProcess(folder.getRoot() + "/*.json", 1));
  }

  @Test
  public void aSmallInputKeepsTheDefaultChunks() throws IOException {
    fileOf("small.json", 40 * MIB);
    assertEquals(
        ReadAndPreAggregateFn.DEFAULT_CHUNK_BYTES,
        InputSize.chunkBytesForOneProcess(folder.getRoot() + "/*.json", 3));
  }
}
