package com.trafficanalytics.sinks;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;

import com.google.api.services.bigquery.model.Job;
import com.google.api.services.bigquery.model.JobConfigurationLoad;
import com.google.api.services.bigquery.model.Table;
import com.google.api.services.bigquery.model.TableFieldSchema;
import com.google.api.services.bigquery.model.TableReference;
import com.google.api.services.bigquery.model.TableRow;
import com.google.api.services.bigquery.model.TableSchema;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.trafficanalytics.TrafficAnalyticsPipeline;
import com.trafficanalytics.options.TrafficAnalyticsOptions;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryIO;
import org.apache.beam.sdk.io.gcp.testing.FakeBigQueryServices;
import org.apache.beam.sdk.io.gcp.testing.FakeDatasetService;
import org.apache.beam.sdk.io.gcp.testing.FakeJobService;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.options.ValueProvider.StaticValueProvider;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The BigQuery output through the real {@link BigQueryIO} batch-load path (files written, load
 * jobs started and polled, tables created by the load) of the project's own pipeline, against
 * Beam's in-memory {@link FakeBigQueryServices}. What reaches the fake is what a load job would
 * receive from this pipeline in production: the schema, the partitioning and clustering, the rows.
 *
 * <p>The expected rows are computed here from the input lines with a plain loop over Gson and
 * java.time, not with the pipeline's parser or analyses, so that a mistake shared by both cannot
 * pass unnoticed.
 */
public class BigQueryOutputTest {
  private static final String PROJECT = "test-project";
  private static final String DATASET = "traffic";
  private static final String REJECTS_DATASET = "rejects";

  private static final String USER_TABLE = PROJECT + ":" + DATASET + ".user_traffic";
  private static final String MINUTE_TABLE = PROJECT + ":" + DATASET + ".minute_traffic";

  /** The documented dead-letter schema: the columns of earlier versions first, all new NULLABLE. */
  private static final List<String> DEAD_LETTER_COLUMNS =
      List.of(
          "line STRING NULLABLE",
          "error STRING REQUIRED",
          "source STRING NULLABLE",
          "reason STRING NULLABLE",
          "byte_offset INT64 NULLABLE",
          "line_bytes BYTES NULLABLE");

  private static final DateTimeFormatter BIGQUERY_SECONDS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

  /**
   * Lab-format events over three users and two days (a day boundary, so the day partitioning of
   * minute_traffic matters), with window edges at :00.000000 and :59.999999, out of order.
   */
  private static final List<String> FIRST_INPUT =
      List.of(
          labLine("-6434255326544341291", "2026-03-05T21:49:42.746115Z", 182),
          labLine("8204125599637103314", "2026-03-05T21:49:00.000000Z", 0),
          labLine("8204125599637103314", "2026-03-05T21:49:59.999999Z", 5120),
          "",
          labLine("-1205830061519935317", "2026-03-05T21:50:01.123456Z", 734),
          labLine("-6434255326544341291", "2026-03-05T23:59:59.999999Z", 1951091),
          "{\"user_id\": \"-6434255326544341291\", \"timestamp\": ",
          labLine("-6434255326544341291", "2026-03-06T00:00:00.000000Z", 559484),
          labLine("8204125599637103314", "2026-03-05T21:48:30.500000Z", 77),
          "{\"user_id\": \"8204125599637103314\", \"timestamp\": \"2026-03-05T21:49:42.746115Z\"}",
          "   ",
          labLine("-1205830061519935317", "2026-03-05T21:50:59.000001Z", 12));

  /** A different day and different users: nothing of the first input's rows may survive it. */
  private static final List<String> SECOND_INPUT =
      List.of(
          labLine("4242424242424242424", "2026-03-07T08:15:10.000000Z", 1000),
          labLine("4242424242424242424", "2026-03-07T08:15:20.000000Z", 3000),
          labLine("-777", "2026-03-07T08:16:00.000000Z", 5),
          "this is not JSON");

  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  private FakeDatasetService datasets;
  private FakeBigQueryServices services;

  @Before
  public void setUpFakes() throws Exception {
    // The fakes keep their tables and jobs in static fields: start every test from nothing.
    FakeDatasetService.setUp();
    FakeJobService.setUp();
    datasets = new FakeDatasetService();
    services =
        new FakeBigQueryServices().withDatasetService(datasets).withJobService(new FakeJobService());
    // Like real BigQuery, the fake creates tables only in existing datasets.
    datasets.createDataset(PROJECT, DATASET, "", "", null);
    datasets.createDataset(PROJECT, REJECTS_DATASET, "", "", null);
  }

  /**
   * One run with both tables in BigQuery and no dead-letter option: the three tables are created
   * with exactly the documented schema and layout, and hold exactly the expected rows; the dead
   * letters go to {@code dead_letter} in the dataset of the first table.
   */
  @Test
  public void firstRunCreatesTheTablesAndLoadsTheExpectedRows() throws Exception {
    File input = writeInput("events.json", FIRST_INPUT);

    run(input);

    Table userTable = table(DATASET, "user_traffic");
    assertEquals(
        List.of(
            "user_id STRING REQUIRED",
            "pageviews INT64 REQUIRED",
            "total_bytes INT64 REQUIRED",
            "max_bytes INT64 REQUIRED",
            "min_bytes INT64 REQUIRED"),
        columns(userTable));
    assertNotNull("user_traffic must be clustered", userTable.getClustering());
    assertEquals(List.of("user_id"), userTable.getClustering().getFields());
    assertNull("user_traffic is not partitioned", userTable.getTimePartitioning());

    Table minuteTable = table(DATASET, "minute_traffic");
    assertEquals(
        List.of("timestamp TIMESTAMP REQUIRED", "pageviews INT64 REQUIRED"),
        columns(minuteTable));
    assertNotNull("minute_traffic must be partitioned", minuteTable.getTimePartitioning());
    assertEquals("DAY", minuteTable.getTimePartitioning().getType());
    assertEquals("timestamp", minuteTable.getTimePartitioning().getField());
    assertNull("minute_traffic is not clustered", minuteTable.getClustering());

    Table deadLetterTable = table(DATASET, "dead_letter");
    assertEquals(
        DEAD_LETTER_COLUMNS,
        columns(deadLetterTable));

    Expected expected = Expected.of(FIRST_INPUT);
    assertEquals(expected.userRows(), userRows(DATASET, "user_traffic"));
    assertEquals(expected.minuteRows(), minuteRows(DATASET, "minute_traffic"));
    assertDeadLetters(expected, input, DATASET, "dead_letter");
  }

  /**
   * WRITE_TRUNCATE, the default: a rerun over other input leaves only the rerun's rows.
   *
   * <p>The fake's first attempt at each load job of the rerun fails ("no such table was set"): for
   * WRITE_TRUNCATE it deletes the existing table and then inserts into it without creating it
   * again. BigQueryIO retries the job, the table is then absent and is created from the load job,
   * so the run succeeds with a warning in the log. That is the fake's quirk, not the pipeline's.
   */
  @Test
  public void writeTruncateReplacesTheRowsOfAnEarlierRun() throws Exception {
    run(writeInput("first.json", FIRST_INPUT));
    File second = writeInput("second.json", SECOND_INPUT);

    run(second);

    Expected expected = Expected.of(SECOND_INPUT);
    assertEquals(expected.userRows(), userRows(DATASET, "user_traffic"));
    assertEquals(expected.minuteRows(), minuteRows(DATASET, "minute_traffic"));
    assertDeadLetters(expected, second, DATASET, "dead_letter");
    // Replacing must not lose the layout: the table is created again as documented.
    assertEquals(List.of("user_id"), table(DATASET, "user_traffic").getClustering().getFields());
    assertEquals("timestamp", table(DATASET, "minute_traffic").getTimePartitioning().getField());
  }

  /** WRITE_APPEND: a second run adds its rows to those of the first. */
  @Test
  public void writeAppendAddsToTheRowsOfAnEarlierRun() throws Exception {
    run(writeInput("first.json", FIRST_INPUT), "--writeDisposition=WRITE_APPEND");

    run(writeInput("second.json", SECOND_INPUT), "--writeDisposition=WRITE_APPEND");

    Expected first = Expected.of(FIRST_INPUT);
    Expected second = Expected.of(SECOND_INPUT);
    assertEquals(sorted(first.userRows(), second.userRows()), userRows(DATASET, "user_traffic"));
    assertEquals(
        sorted(first.minuteRows(), second.minuteRows()), minuteRows(DATASET, "minute_traffic"));
    assertEquals(
        first.deadLetters().size() + second.deadLetters().size(),
        datasets.getAllRows(PROJECT, DATASET, "dead_letter").size());
  }

  /**
   * A dead-letter table created by an earlier version (three columns, {@code line} REQUIRED)
   * takes this version's rows with WRITE_APPEND. The fake loads rows whatever the schema, so the
   * test also asserts what real BigQuery relies on: every load job into it carries the new schema
   * with ALLOW_FIELD_ADDITION and ALLOW_FIELD_RELAXATION. With WRITE_TRUNCATE no load job carries
   * them, as BigQuery refuses them there (the truncation replaces the schema anyway).
   */
  @Test
  public void aDeadLetterTableOfAnEarlierVersionTakesTheNewRows() throws Exception {
    TableReference deadLetters = reference(DATASET, "dead_letter");
    datasets.createTable(
        new Table()
            .setTableReference(deadLetters)
            .setSchema(
                new TableSchema()
                    .setFields(
                        List.of(
                            column("line", "STRING", "REQUIRED"),
                            column("error", "STRING", "REQUIRED"),
                            column("source", "STRING", "NULLABLE")))));
    datasets.insertAll(
        deadLetters,
        List.of(new TableRow().set("line", "old").set("error", "old error").set("source", "x")),
        null);
    File input = writeInput("events.json", FIRST_INPUT);

    run(input, "--writeDisposition=WRITE_APPEND");

    Expected expected = Expected.of(FIRST_INPUT);
    assertEquals(
        expected.deadLetters().size() + 1,
        datasets.getAllRows(PROJECT, DATASET, "dead_letter").size());
    List<JobConfigurationLoad> loads = loadJobsInto("dead_letter");
    assertThat(loads, not(empty()));
    for (JobConfigurationLoad load : loads) {
      assertEquals("WRITE_APPEND", load.getWriteDisposition());
      assertEquals(
          List.of("ALLOW_FIELD_ADDITION", "ALLOW_FIELD_RELAXATION"),
          load.getSchemaUpdateOptions().stream().sorted().toList());
      assertEquals(DEAD_LETTER_COLUMNS, columns(new Table().setSchema(load.getSchema())));
    }

    FakeJobService.setUp();
    run(writeInput("second.json", SECOND_INPUT));
    for (JobConfigurationLoad load : loadJobsInto("dead_letter")) {
      assertEquals("WRITE_TRUNCATE", load.getWriteDisposition());
      assertThat(load.getSchemaUpdateOptions(), anyOf(nullValue(), empty()));
    }
  }

  private static TableFieldSchema column(String name, String type, String mode) {
    return new TableFieldSchema().setName(name).setType(type).setMode(mode);
  }

  /** The configurations of the load jobs the fake ran into the table {@code name}. */
  private List<JobConfigurationLoad> loadJobsInto(String name) {
    List<JobConfigurationLoad> loads = new ArrayList<>();
    for (Job job : new FakeJobService().getAllJobs()) {
      JobConfigurationLoad load = job.getConfiguration().getLoad();
      if (load != null && load.getDestinationTable().getTableId().equals(name)) {
        loads.add(load);
      }
    }
    return loads;
  }

  /**
   * {@code --deadLetterTable} sends the rejected lines there, and nothing to the default table.
   * With a dead-letter ratio gate that passes (3 of 11 non-blank lines rejected, at most half
   * allowed), the results are loaded after it.
   */
  @Test
  public void explicitDeadLetterTableReceivesTheRejectedLines() throws Exception {
    File input = writeInput("events.json", FIRST_INPUT);

    run(
        input,
        "--deadLetterTable=" + PROJECT + "." + REJECTS_DATASET + ".bad_lines",
        "--maxDeadLetterRatio=0.5");

    Expected expected = Expected.of(FIRST_INPUT);
    assertEquals(
        DEAD_LETTER_COLUMNS,
        columns(table(REJECTS_DATASET, "bad_lines")));
    assertDeadLetters(expected, input, REJECTS_DATASET, "bad_lines");
    assertNull(
        "no default dead_letter table when --deadLetterTable is given",
        datasets.getTable(reference(DATASET, "dead_letter")));
    assertEquals(expected.userRows(), userRows(DATASET, "user_traffic"));
  }

  /**
   * A dead-letter ratio gate that fails (3 of 11 non-blank lines rejected, at most 10% allowed):
   * the run fails, no result table is created, and the rejected lines are loaded all the same, as
   * the failure tells the user to look at them.
   */
  @Test
  public void aFailedRatioGateLoadsTheDeadLettersButNoResults() throws Exception {
    File input = writeInput("events.json", FIRST_INPUT);

    RuntimeException failure =
        assertThrows(RuntimeException.class, () -> run(input, "--maxDeadLetterRatio=0.1"));

    assertThat(rootMessage(failure), containsString("--maxDeadLetterRatio=0.1"));
    assertNull(datasets.getTable(reference(DATASET, "user_traffic")));
    assertNull(datasets.getTable(reference(DATASET, "minute_traffic")));
    assertDeadLetters(Expected.of(FIRST_INPUT), input, DATASET, "dead_letter");
  }

  // ---------------------------------------------------------------------------------------------
  // Running the pipeline

  /** Runs the project's pipeline on {@code input}, both tables in BigQuery, and waits for it. */
  private void run(File input, String... extraArgs) throws Exception {
    List<String> args = new ArrayList<>();
    args.add("--inputPath=" + input.getAbsolutePath());
    args.add("--project=" + PROJECT);
    args.add("--userTrafficTable=" + USER_TABLE);
    args.add("--minuteTrafficTable=" + MINUTE_TABLE);
    // As in production: BigQuery load jobs need a Cloud Storage temp location. The fake's loads
    // read their files from a local folder instead, set on the write below.
    args.add("--tempLocation=gs://test-bucket/tmp");
    Collections.addAll(args, extraArgs);
    PipelineOptionsFactory.register(TrafficAnalyticsOptions.class);
    TrafficAnalyticsOptions options =
        PipelineOptionsFactory.fromArgs(args.toArray(new String[0]))
            .withValidation()
            .as(TrafficAnalyticsOptions.class);
    BigQueryIO.Write<TableRow> fakeBigQuery =
        BigQueryIO.writeTableRows()
            .withTestServices(services)
            .withCustomGcsTempLocation(
                StaticValueProvider.of(tmp.newFolder().getAbsolutePath()));
    PipelineResult.State state =
        TrafficAnalyticsPipeline.run(options, fakeBigQuery).waitUntilFinish();
    assertEquals(PipelineResult.State.DONE, state);
  }

  private static String rootMessage(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getMessage();
  }

  private File writeInput(String name, List<String> lines) throws IOException {
    File file = new File(tmp.getRoot(), name);
    Files.write(file.toPath(), lines, StandardCharsets.UTF_8);
    return file;
  }

  /** An event line as the lab's generator writes it. */
  private static String labLine(String userId, String timestamp, long numBytes) {
    return "{\"user_id\": \"" + userId + "\", \"ip\": \"192.175.49.116\", \"lat\": 37.751,"
        + " \"lng\": -97.822, \"timestamp\": \"" + timestamp + "\", \"http_request\":"
        + " \"\\\"GET eucharya.html HTTP/1.0\\\"\", \"http_response\": 200, \"num_bytes\": "
        + numBytes + ", \"user_agent\": \"Mozilla/5.0 (compatible; MSIE 7.0; Windows NT 5.01;"
        + " Trident/5.1)\"}";
  }

  // ---------------------------------------------------------------------------------------------
  // Reading the fake back

  private Table table(String dataset, String name) throws Exception {
    Table table = datasets.getTable(reference(dataset, name));
    assertNotNull("table " + dataset + "." + name + " was not created", table);
    return table;
  }

  private static TableReference reference(String dataset, String name) {
    return new TableReference().setProjectId(PROJECT).setDatasetId(dataset).setTableId(name);
  }

  /** The columns as "name TYPE MODE", in table order. */
  private static List<String> columns(Table table) {
    List<String> columns = new ArrayList<>();
    for (TableFieldSchema field : table.getSchema().getFields()) {
      columns.add(field.getName() + " " + field.getType() + " " + field.getMode());
    }
    return columns;
  }

  /** user_traffic rows as "user pageviews total max min", sorted. */
  private List<String> userRows(String dataset, String name) throws Exception {
    List<String> rows = new ArrayList<>();
    for (TableRow row : datasets.getAllRows(PROJECT, dataset, name)) {
      assertEquals(
          List.of("user_id", "pageviews", "total_bytes", "max_bytes", "min_bytes"),
          new ArrayList<>(row.keySet()));
      rows.add(
          userRow(
              (String) row.get("user_id"),
              int64(row.get("pageviews")),
              int64(row.get("total_bytes")),
              int64(row.get("max_bytes")),
              int64(row.get("min_bytes"))));
    }
    Collections.sort(rows);
    return rows;
  }

  /** minute_traffic rows as "YYYY-MM-DD HH:MM:SS pageviews", sorted. */
  private List<String> minuteRows(String dataset, String name) throws Exception {
    List<String> rows = new ArrayList<>();
    for (TableRow row : datasets.getAllRows(PROJECT, dataset, name)) {
      assertEquals(List.of("timestamp", "pageviews"), new ArrayList<>(row.keySet()));
      // The load file carries the TIMESTAMP as the pipeline wrote it, and the fake keeps the text
      // it loaded, so it must come back exactly in BigQuery's "YYYY-MM-DD HH:MM:SS" form (UTC).
      rows.add(minuteRow((String) row.get("timestamp"), int64(row.get("pageviews"))));
    }
    Collections.sort(rows);
    return rows;
  }

  /**
   * An INT64 cell. The fake decodes the JSON load file with Jackson, so a number comes back as an
   * Integer or a Long depending on its size; a string would mean the pipeline wrote a quoted number.
   */
  private static long int64(Object cell) {
    assertThat("INT64 cell " + cell, cell, org.hamcrest.Matchers.instanceOf(Number.class));
    return ((Number) cell).longValue();
  }

  private void assertDeadLetters(Expected expected, File input, String dataset, String name)
      throws Exception {
    Map<String, TableRow> byLine = new TreeMap<>();
    for (TableRow row : datasets.getAllRows(PROJECT, dataset, name)) {
      assertEquals(
          List.of("line", "error", "source", "reason", "byte_offset", "line_bytes"),
          new ArrayList<>(row.keySet()));
      byLine.put((String) row.get("line"), row);
    }
    assertEquals(new TreeMap<>(expected.deadLetters()).keySet(), byLine.keySet());
    for (Map.Entry<String, String> bad : expected.deadLetters().entrySet()) {
      TableRow row = byLine.get(bad.getKey());
      assertThat((String) row.get("error"), containsString(bad.getValue()));
      assertEquals(input.getAbsolutePath(), row.get("source"));
      assertThat(
          (String) row.get("reason"),
          org.hamcrest.Matchers.oneOf("invalid_json", "not_an_object", "missing_field"));
      assertEquals((long) expected.offsets().get(bad.getKey()), int64(row.get("byte_offset")));
      assertNull("valid UTF-8 needs no bytes", row.get("line_bytes"));
    }
  }

  @SafeVarargs
  private static List<String> sorted(List<String>... parts) {
    List<String> all = new ArrayList<>();
    for (List<String> part : parts) {
      all.addAll(part);
    }
    Collections.sort(all);
    return all;
  }

  private static String userRow(String user, long pageviews, long total, long max, long min) {
    return user + " " + pageviews + " " + total + " " + max + " " + min;
  }

  private static String minuteRow(String timestamp, long pageviews) {
    return timestamp + " " + pageviews;
  }

  // ---------------------------------------------------------------------------------------------
  // The independent expectation

  /**
   * The rows a correct run gives for some input lines, worked out with a plain loop. Only as
   * general as the lines of this test need: Gson's JsonParser (lenient, but every line here is
   * either well-formed or clearly broken) and {@link Instant#parse} for the ISO timestamps.
   *
   * @param deadLetters each rejected line with a fragment its error text must hold
   * @param offsets where each line starts in the input file, as {@link #writeInput} writes it
   */
  private record Expected(
      List<String> userRows,
      List<String> minuteRows,
      Map<String, String> deadLetters,
      Map<String, Long> offsets) {

    static Expected of(List<String> lines) {
      Map<String, long[]> users = new TreeMap<>(); // pageviews, total, max, min
      Map<String, Long> minutes = new TreeMap<>();
      Map<String, String> deadLetters = new LinkedHashMap<>();
      Map<String, Long> offsets = new LinkedHashMap<>();
      long offset = 0;
      for (String line : lines) {
        offsets.putIfAbsent(line, offset);
        offset += line.getBytes(StandardCharsets.UTF_8).length + 1;
        if (line.isBlank()) {
          continue;
        }
        JsonObject event;
        try {
          JsonElement json = JsonParser.parseString(line);
          if (!json.isJsonObject()) {
            deadLetters.put(line, "not a JSON object");
            continue;
          }
          event = json.getAsJsonObject();
        } catch (JsonParseException e) {
          deadLetters.put(line, "invalid JSON");
          continue;
        }
        String missing =
            !event.has("user_id") ? "user_id" : !event.has("timestamp") ? "timestamp"
                : !event.has("num_bytes") ? "num_bytes" : null;
        if (missing != null) {
          deadLetters.put(line, "missing field \"" + missing + "\"");
          continue;
        }
        String user = event.get("user_id").getAsString();
        long bytes = event.get("num_bytes").getAsLong();
        Instant time = Instant.parse(event.get("timestamp").getAsString());
        long[] figures =
            users.computeIfAbsent(user, u -> new long[] {0, 0, Long.MIN_VALUE, Long.MAX_VALUE});
        figures[0]++;
        figures[1] += bytes;
        figures[2] = Math.max(figures[2], bytes);
        figures[3] = Math.min(figures[3], bytes);
        String minute =
            BIGQUERY_SECONDS.format(
                LocalDateTime.ofInstant(time, ZoneOffset.UTC)
                    .truncatedTo(ChronoUnit.MINUTES)
                    .toInstant(ZoneOffset.UTC));
        minutes.merge(minute, 1L, Long::sum);
      }
      List<String> userRows = new ArrayList<>();
      users.forEach((user, f) -> userRows.add(userRow(user, f[0], f[1], f[2], f[3])));
      Collections.sort(userRows);
      List<String> minuteRows = new ArrayList<>();
      minutes.forEach((minute, count) -> minuteRows.add(minuteRow(minute, count)));
      Collections.sort(minuteRows);
      return new Expected(userRows, minuteRows, deadLetters, offsets);
    }
  }
}
