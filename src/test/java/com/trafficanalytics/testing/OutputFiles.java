package com.trafficanalytics.testing;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Reads an output folder back the way a user would: every {@code .json} file, a row per line. */
public final class OutputFiles {

  /** The rows of every JSON file in {@code folder}; numbers as longs, text as strings, null as null. */
  public static List<Map<String, Object>> rows(Path folder) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Path file : jsonFiles(folder)) {
      try {
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
          JsonObject object = JsonParser.parseString(line).getAsJsonObject();
          Map<String, Object> row = new LinkedHashMap<>();
          for (Map.Entry<String, JsonElement> column : object.entrySet()) {
            JsonElement value = column.getValue();
            row.put(column.getKey(), value.isJsonNull() ? null
                : value.getAsJsonPrimitive().isNumber() ? (Object) value.getAsLong() : value.getAsString());
          }
          rows.add(row);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return rows;
  }

  /** The {@code .json} files directly in {@code folder} (through its link), sorted. */
  public static List<Path> jsonFiles(Path folder) {
    try (Stream<Path> files = Files.list(folder)) {
      return files
          .filter(f -> Files.isRegularFile(f) && f.getFileName().toString().endsWith(".json"))
          .sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private OutputFiles() {}
}
