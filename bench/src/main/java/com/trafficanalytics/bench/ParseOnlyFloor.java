package com.trafficanalytics.bench;

import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Set;

/**
 * The parse-only floor of the benchmark: one thread reads the file line by line and pulls
 * {@code user_id}, {@code timestamp} and {@code num_bytes} out of each line with Gson's streaming
 * {@link JsonReader}, skipping every other field, and does nothing else (no validation, no
 * timestamp parsing, no aggregation). No pipeline that parses JSON with Gson on one core can be
 * faster than this, so it shows how much of the jar's time is the unavoidable parse.
 *
 * <p>Usage: {@code ParseOnlyFloor --inputPath=FILE}. Prints {@code BENCH seconds=S lines=N} on
 * standard output (time of the read-and-parse loop, without JVM start) and a checksum on standard
 * error so the JIT cannot drop the work.
 */
public final class ParseOnlyFloor {

  private ParseOnlyFloor() {}

  public static void main(String[] args) throws IOException {
    BenchArgs a = BenchArgs.parse("ParseOnlyFloor", args, Set.of("inputPath"));
    long start = System.nanoTime();
    long lines = 0;
    long checksum = 0;
    try (BufferedReader in =
        Files.newBufferedReader(Paths.get(a.required("inputPath")), StandardCharsets.UTF_8)) {
      for (String line; (line = in.readLine()) != null; ) {
        lines++;
        checksum += parse(line);
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    System.err.println("ParseOnlyFloor: checksum " + checksum);
    System.out.printf("BENCH seconds=%.3f lines=%d%n", seconds, lines);
  }

  /**
   * Reads the three fields of one line; returns a value that depends on all of them. The JMH
   * benchmark measures this same loop body as its floor.
   */
  public static long parse(String line) throws IOException {
    if (line.isBlank()) {
      return 0;
    }
    String userId = "";
    String timestamp = "";
    long numBytes = 0;
    try (JsonReader json = new JsonReader(new StringReader(line))) {
      json.beginObject();
      while (json.hasNext()) {
        switch (json.nextName()) {
          case "user_id" -> userId = json.peek() == JsonToken.NUMBER
              ? String.valueOf(json.nextLong()) : json.nextString();
          case "timestamp" -> timestamp = json.nextString();
          case "num_bytes" -> numBytes = json.nextLong();
          default -> json.skipValue();
        }
      }
      json.endObject();
    } catch (IOException | IllegalStateException | NumberFormatException e) {
      return -1; // a malformed line costs what it costs; the floor does not count it apart
    }
    return userId.hashCode() + timestamp.length() + numBytes;
  }
}
