package com.trafficanalytics.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The DuckDB baseline of the benchmark: what a user on one machine would run instead of the
 * pipeline. It computes the same two tables from the same file with {@code read_json} and two
 * {@code GROUP BY}s on {@value #DEFAULT_THREADS} threads, and writes them in the jar's file layout
 * ({@code <outputDirectory>/user_traffic/*.json}, {@code <outputDirectory>/minute_traffic/*.json},
 * newline-delimited JSON with the same field names and types), so that {@link CompareOutputs} can
 * hold the jar's rows against these.
 *
 * <p>Usage: {@code DuckDbBaseline --mode=both --inputPath=FILE --outputDirectory=DIR
 * [--threads=2] [--windowSeconds=60] [--schema=declared|detected]}. It prints one line
 * {@code BENCH seconds=S} on standard output: the time from an open connection to the last output
 * file written, which leaves out JVM start and loading DuckDB's native library, costs a user of
 * the DuckDB command line does not pay. The session time zone is UTC so that the window starts
 * print as UTC.
 */
public final class DuckDbBaseline {

  static final int DEFAULT_THREADS = 2;

  private DuckDbBaseline() {}

  public static void main(String[] args) throws Exception {
    BenchArgs a = BenchArgs.parse("DuckDbBaseline", args,
        Set.of("mode", "inputPath", "outputDirectory", "threads", "windowSeconds", "schema"));
    String mode = a.optional("mode", "both");
    List<String> tables = BenchArgs.tablesOf(mode);
    Path input = Paths.get(a.required("inputPath"));
    Path output = Paths.get(a.required("outputDirectory"));
    int threads = Integer.parseInt(a.optional("threads", String.valueOf(DEFAULT_THREADS)));
    int windowSeconds = Integer.parseInt(a.optional("windowSeconds", "60"));
    Schema schema = Schema.valueOf(a.optional("schema", "declared").toUpperCase());
    if (!Files.isRegularFile(input)) {
      System.err.println("DuckDbBaseline: no such input file: " + input);
      System.exit(2);
    }
    // Like the pipeline, a run replaces the folders it writes.
    if (tables.contains("user_traffic")) {
      recreate(output.resolve("user_traffic"));
    }
    if (tables.contains("minute_traffic")) {
      recreate(output.resolve("minute_traffic"));
    }

    double seconds;
    // The first connection loads DuckDB's native library (about 0.3 s here), so the clock starts
    // once it is open: what is left is what the DuckDB command line, which starts in a few
    // milliseconds, would take.
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement sql = db.createStatement()) {
      sql.execute("SET threads = " + threads);
      sql.execute("SET TimeZone = 'UTC'");
      long start = System.nanoTime();
      String events = schema.source(literal(input.toString()));
      if (tables.size() > 1) {
        // One read of the file for both tables, as the pipeline's `both` does.
        sql.execute("CREATE TEMP TABLE events AS SELECT * FROM " + events);
        events = "events";
      }
      if (tables.contains("user_traffic")) {
        copy(sql, "SELECT user_id, count(*) AS pageviews, CAST(sum(num_bytes) AS BIGINT) AS"
            + " total_bytes, max(num_bytes) AS max_bytes, min(num_bytes) AS min_bytes FROM "
            + events + " GROUP BY user_id", output.resolve("user_traffic/part-00000.json"));
      }
      if (tables.contains("minute_traffic")) {
        // Windows aligned to the epoch, as Beam's FixedWindows are; formatted after grouping,
        // once per window rather than once per event.
        copy(sql, "SELECT strftime(window_start, '%Y-%m-%d %H:%M:%S') AS timestamp, pageviews"
            + " FROM (SELECT time_bucket(INTERVAL '" + windowSeconds + " seconds', timestamp,"
            + " TIMESTAMPTZ '1970-01-01 00:00:00+00') AS window_start, count(*) AS pageviews"
            + " FROM " + events + " GROUP BY window_start)",
            output.resolve("minute_traffic/part-00000.json"));
      }
      seconds = (System.nanoTime() - start) / 1e9;
      try (ResultSet version = sql.executeQuery("SELECT version()")) {
        version.next();
        System.err.println("DuckDbBaseline: DuckDB " + version.getString(1) + ", " + threads
            + " threads, mode " + mode);
      }
    }
    System.out.printf("BENCH seconds=%.3f%n", seconds);
  }

  /** How {@code read_json} learns the columns. */
  enum Schema {
    /**
     * Only the three fields the tables need, with their types: DuckDB then skips the rest of
     * each object, as the pipeline's streaming parse does, and guesses nothing. The tuned query a
     * DuckDB user who knows the data writes.
     */
    DECLARED {
      @Override
      String source(String file) {
        return "read_json(" + file + ", format = 'newline_delimited', columns = {user_id:"
            + " 'VARCHAR', timestamp: 'TIMESTAMPTZ', num_bytes: 'BIGINT'})";
      }
    },
    /** DuckDB samples the file and infers every field and type: the query a newcomer writes. */
    DETECTED {
      @Override
      String source(String file) {
        return "(SELECT CAST(user_id AS VARCHAR) AS user_id, CAST(timestamp AS TIMESTAMPTZ) AS"
            + " timestamp, CAST(num_bytes AS BIGINT) AS num_bytes FROM read_json(" + file + "))";
      }
    };

    /** A table expression with the columns user_id VARCHAR, timestamp TIMESTAMPTZ, num_bytes. */
    abstract String source(String file);
  }

  private static void copy(Statement sql, String query, Path file) throws SQLException {
    sql.execute("COPY (" + query + ") TO " + literal(file.toString()) + " (FORMAT json)");
  }

  private static String literal(String text) {
    return "'" + text.replace("'", "''") + "'";
  }

  private static void recreate(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (Stream<Path> walk = Files.walk(dir)) {
        walk.sorted(Comparator.reverseOrder()).forEach(p -> {
          try {
            Files.delete(p);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
      }
    }
    Files.createDirectories(dir);
  }
}
