package com.trafficanalytics.bench;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.JsonSyntaxException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Checks that the jar's result files hold exactly DuckDB's rows: same rows, same count, same
 * values, same JSON types (string {@code user_id}, integral numbers, {@code timestamp} as
 * {@code YYYY-MM-DD HH:MM:SS}), and exactly the documented fields. Row order and sharding do not
 * matter. With {@code --events=N} it also checks that each table's pageviews add up to N.
 *
 * <p>Usage: {@code CompareOutputs --mode=both --expected=DUCKDB_DIR --actual=JAR_DIR
 * [--events=N]}. Exit code 0 when equal; 1 with the first differences on standard error
 * otherwise.
 */
public final class CompareOutputs {

  private static final List<String> USER_FIELDS =
      List.of("user_id", "pageviews", "total_bytes", "max_bytes", "min_bytes");
  private static final List<String> MINUTE_FIELDS = List.of("timestamp", "pageviews");
  private static final Pattern WINDOW_START =
      Pattern.compile("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}");
  private static final int SHOWN_DIFFERENCES = 10;

  private CompareOutputs() {}

  public static void main(String[] args) {
    BenchArgs a = BenchArgs.parse("CompareOutputs", args,
        Set.of("mode", "expected", "actual", "events"));
    List<String> tables = BenchArgs.tablesOf(a.required("mode"));
    Path expected = Paths.get(a.required("expected"));
    Path actual = Paths.get(a.required("actual"));
    String events = a.optional("events", null);
    boolean equal = true;
    if (tables.contains("user_traffic")) {
      equal &= compare("user_traffic", USER_FIELDS, expected, actual, events);
    }
    if (tables.contains("minute_traffic")) {
      equal &= compare("minute_traffic", MINUTE_FIELDS, expected, actual, events);
    }
    System.exit(equal ? 0 : 1);
  }

  private static boolean compare(
      String table, List<String> fields, Path expectedRoot, Path actualRoot, String events) {
    List<String> problems = new ArrayList<>();
    List<String> expected = rows(expectedRoot.resolve(table), fields, problems);
    List<String> actual = rows(actualRoot.resolve(table), fields, problems);
    if (expected.equals(actual) && problems.isEmpty()) {
      BigInteger pageviews = expected.stream()
          .map(row -> new BigInteger(row.split("\t")[1]))
          .reduce(BigInteger.ZERO, BigInteger::add);
      if (events != null && !pageviews.equals(new BigInteger(events))) {
        System.err.printf("CompareOutputs: %s: pageviews add up to %s, not the %s events read%n",
            table, pageviews, events);
        return false;
      }
      System.err.printf("CompareOutputs: %s: %d rows, identical%n", table, actual.size());
      return true;
    }
    System.err.printf("CompareOutputs: %s DIFFERS: DuckDB %d rows (%s), jar %d rows (%s)%n",
        table, expected.size(), expectedRoot.resolve(table), actual.size(),
        actualRoot.resolve(table));
    problems.stream().limit(SHOWN_DIFFERENCES).forEach(p -> System.err.println("  " + p));
    report("only in DuckDB's rows", minus(expected, actual));
    report("only in the jar's rows", minus(actual, expected));
    return false;
  }

  /** The rows of every {@code *.json} file in {@code dir}, each as tab-joined values, sorted. */
  private static List<String> rows(Path dir, List<String> fields, List<String> problems) {
    List<String> rows = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      problems.add("no folder " + dir);
      return rows;
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".json"))
          .sorted()::iterator) {
        int number = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
          number++;
          String row = row(line, fields);
          if (row.startsWith("!")) {
            problems.add(file + ":" + number + ": " + row.substring(1) + ": " + line);
          } else {
            rows.add(row);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Collections.sort(rows);
    return rows;
  }

  /** One output line as tab-joined values, or {@code !reason} when it breaks the layout. */
  private static String row(String line, List<String> fields) {
    JsonObject object;
    try {
      JsonElement parsed = JsonParser.parseString(line);
      if (!parsed.isJsonObject()) {
        return "!not a JSON object";
      }
      object = parsed.getAsJsonObject();
    } catch (JsonSyntaxException e) {
      return "!not JSON";
    }
    if (!object.keySet().equals(Set.copyOf(fields))) {
      return "!fields " + object.keySet() + ", expected " + fields;
    }
    StringBuilder row = new StringBuilder();
    for (String field : fields) {
      JsonElement value = object.get(field);
      if (!value.isJsonPrimitive()) {
        return "!" + field + " is not a plain value";
      }
      JsonPrimitive primitive = value.getAsJsonPrimitive();
      boolean text = field.equals("user_id") || field.equals("timestamp");
      if (text != primitive.isString()) {
        return "!" + field + (text ? " is not a string" : " is not a number");
      }
      String v = primitive.getAsString();
      if (field.equals("timestamp") && !WINDOW_START.matcher(v).matches()) {
        return "!timestamp is not YYYY-MM-DD HH:MM:SS";
      }
      if (!text) {
        try {
          v = new BigInteger(v).toString();
        } catch (NumberFormatException e) {
          return "!" + field + " is not an integer";
        }
      }
      row.append(row.length() == 0 ? "" : "\t").append(v);
    }
    return row.toString();
  }

  /** The rows of sorted {@code a} that sorted {@code b} lacks, counting repeats. */
  private static List<String> minus(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>();
    int j = 0;
    for (String row : a) {
      while (j < b.size() && b.get(j).compareTo(row) < 0) {
        j++;
      }
      if (j < b.size() && b.get(j).equals(row)) {
        j++;
      } else {
        out.add(row);
      }
    }
    return out;
  }

  private static void report(String what, List<String> rows) {
    if (!rows.isEmpty()) {
      System.err.printf("  %d %s, first ones:%n", rows.size(), what);
      rows.stream().limit(SHOWN_DIFFERENCES).forEach(r -> System.err.println("    " + r));
    }
  }
}
