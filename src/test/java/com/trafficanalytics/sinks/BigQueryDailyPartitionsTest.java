package com.trafficanalytics.sinks;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.not;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;

import com.google.api.services.bigquery.model.Job;
import com.google.api.services.bigquery.model.JobConfigurationLoad;
import com.google.api.services.bigquery.model.Table;
import com.google.api.services.bigquery.model.TableFieldSchema;
import com.google.api.services.bigquery.model.TableReference;
import com.google.api.services.bigquery.model.TableRow;
import com.google.api.services.bigquery.model.TableSchema;
import com.google.api.services.bigquery.model.TimePartitioning;
import com.trafficanalytics.TrafficAnalyticsPipeline;
import com.trafficanalytics.options.InvalidOptionException;
import com.trafficanalytics.options.TrafficAnalyticsOptions;
import com.trafficanalytics.testing.ExpectedTraffic;
import com.trafficanalytics.template.FakeBigQuery;
import com.trafficanalytics.testing.PartitionedFakeJobService;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
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
 * Daily runs into BigQuery ({@code --runDate}): each run loads its day's partition of tables
 * partitioned by {@code run_date}, and a rerun of a day replaces that day only.
 *
 * <p>Beam's fake job service ignores partition decorators (a WRITE_TRUNCATE into {@code
 * TABLE$YYYYMMDD} appends to the whole table), so the loads run through {@link
 * PartitionedFakeJobService}, which gives the fake BigQuery's partition semantics. Every figure is
 * compared with {@link ExpectedTraffic}, the independent oracle, day by day.
 */
public class BigQueryDailyPartitionsTest {
  private static final String PROJECT = "test-project";
  private static final String DATASET = "traffic";
  private static final String DAY_1 = "2026-03-05";
  private static final String DAY_2 = "2026-03-06";

  /** Day 1's logs as first delivered: one line broken, one user's events missing. */
  private static final List<String> DAY_1_FIRST =
      List.of(
          event("u1", "2026-03-05T10:00:05Z", 100),
          event("u1", "2026-03-05T10:00:55Z", 300),
          event("u2", "2026-03-05T10:01:00Z", 7),
          "{\"user_id\": \"u2\", \"timestamp\": ",
          event("u3", "2026-03-05T23:59:30Z", 50));

  /** Day 1's logs corrected: the broken line repaired, u4's events delivered. */
  private static final List<String> DAY_1_CORRECTED =
      List.of(
          event("u1", "2026-03-05T10:00:05Z", 100),
          event("u1", "2026-03-05T10:00:55Z", 300),
          event("u2", "2026-03-05T10:01:00Z", 7),
          event("u2", "2026-03-05T10:01:30Z", 9),
          event("u4", "2026-03-05T18:20:00Z", 1000),
          event("u3", "2026-03-05T23:59:30Z", 50));

  /**
   * Day 2's logs, with a late event of day 1's last minute: that window has rows in both
   * partitions, which add up by {@code timestamp}.
   */
  private static final List<String> DAY_2_INPUT =
      List.of(
          event("u3", "2026-03-05T23:59:50Z", 20),
          event("u1", "2026-03-06T08:00:00Z", 1),
          event("u5", "2026-03-06T08:00:10Z", 2),
          "not json either");

  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  private FakeDatasetService datasets;
  private FakeJobService jobs;

  @Before
  public void setUpFakes() throws Exception {
    FakeDatasetService.setUp();
    FakeJobService.setUp();
    PartitionedFakeJobService.setUp();
    datasets = new FakeDatasetService();
    jobs = new FakeJobService();
    datasets.createDataset(PROJECT, DATASET, "", "", null);
  }

  /**
   * Day 1, day 2, then day 1 again with corrected logs: day 2's partitions are untouched, day 1's
   * hold exactly the corrected figures, no row is there twice, and the cross-day sums the README
   * shows (per user, per minute window) equal the oracle over both days' logs.
   */
  @Test
  public void aRerunReplacesItsOwnDayAndNothingElse() throws Exception {
    writeLogs(DAY_1, DAY_1_FIRST);
    writeLogs(DAY_2, DAY_2_INPUT);
    run(DAY_1);
    assertDay(DAY_1, DAY_1_FIRST);
    run(DAY_2);
    Map<String, List<Map<String, Object>>> day2Rows = allTables(DAY_2);

    writeLogs(DAY_1, DAY_1_CORRECTED);
    run(DAY_1);

    assertDay(DAY_1, DAY_1_CORRECTED);
    assertDay(DAY_2, DAY_2_INPUT);
    assertEquals("day 2 untouched by the rerun of day 1", day2Rows, allTables(DAY_2));
    // No row twice: the tables hold exactly the two days' expected rows, nothing else.
    ExpectedTraffic day1 = ExpectedTraffic.of(DAY_1_CORRECTED, 60);
    ExpectedTraffic day2 = ExpectedTraffic.of(DAY_2_INPUT, 60);
    assertEquals(day1.users.size() + day2.users.size(), rows("user_traffic").size());
    assertEquals(day1.windows.size() + day2.windows.size(), rows("minute_traffic").size());
    assertEquals(
        day1.rejectedLines.size() + day2.rejectedLines.size(), rows("dead_letter").size());

    // The README's cross-day queries: SUM(pageviews) GROUP BY user_id, and by timestamp.
    List<String> bothDays = Stream.concat(DAY_1_CORRECTED.stream(), DAY_2_INPUT.stream()).toList();
    ExpectedTraffic together = ExpectedTraffic.of(bothDays, 60);
    Map<String, Long> perUser = new TreeMap<>();
    together.users.forEach((user, figures) -> perUser.put(user, figures[0]));
    assertEquals(perUser, sumPageviewsBy("user_traffic", "user_id"));
    Map<String, Long> perWindow = new TreeMap<>();
    together
        .minuteRows()
        .forEach(row -> perWindow.put((String) row.get("timestamp"), (Long) row.get("pageviews")));
    assertEquals(perWindow, sumPageviewsBy("minute_traffic", "timestamp"));
    assertEquals(
        "the window split across the two runs has a row in each day",
        2,
        rows("minute_traffic").stream()
            .filter(row -> "2026-03-05 23:59:00".equals(row.get("timestamp")))
            .count());

    assertLayout();
    assertLoadsReplaceOnePartition();
  }

  /**
   * Tables made otherwise (by an undated run, or unpartitioned) are refused before the run, naming
   * the option, the table's layout and the fix; nothing is loaded or created.
   */
  @Test
  public void aTablePartitionedOtherwiseIsRefusedBeforeTheRun() throws Exception {
    writeLogs(DAY_1, DAY_1_FIRST);
    // minute_traffic as an undated run creates it: partitioned by day on timestamp.
    datasets.createTable(
        table("minute_traffic", "timestamp")
            .setTimePartitioning(new TimePartitioning().setType("DAY").setField("timestamp")));

    InvalidOptionException undated = assertThrows(InvalidOptionException.class, () -> run(DAY_1));

    assertEquals(
        "--minuteTrafficTable: BigQuery table test-project:traffic.minute_traffic is partitioned"
            + " by day on timestamp, not clustered, but a --runDate run replaces one day of a"
            + " table partitioned by day on run_date, clustered by timestamp; name a new table"
            + " (the run creates it so) or drop --runDate",
        undated.getMessage());

    datasets.deleteTable(reference("minute_traffic"));
    datasets.createTable(table("user_traffic", "user_id"));
    InvalidOptionException unpartitioned =
        assertThrows(InvalidOptionException.class, () -> run(DAY_1));
    assertThat(unpartitioned.getMessage(), containsString("--userTrafficTable: BigQuery table"));
    assertThat(unpartitioned.getMessage(), containsString("is not partitioned"));
    assertEquals(1, unpartitioned.getMessage().lines().count());

    assertThat("no job started", jobs.getAllJobs(), empty());
    assertNull(datasets.getTable(reference("minute_traffic")));
    assertNull(datasets.getTable(reference("dead_letter")));
  }

  /**
   * The same refusal through {@code main}'s path, with BigQuery's real client asking {@link
   * FakeBigQuery} over HTTP for the table: exit 2 and exactly one line on the console.
   */
  @Test
  public void mainRefusesAnUndatedTableWithExit2ThroughTheRealClient() throws Exception {
    writeLogs(DAY_1, DAY_1_FIRST);
    String undatedUserTraffic =
        "{\"kind\":\"bigquery#table\",\"tableReference\":{\"projectId\":\"" + PROJECT
            + "\",\"datasetId\":\"" + DATASET + "\",\"tableId\":\"user_traffic\"},"
            + "\"clustering\":{\"fields\":[\"user_id\"]}}";
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    int exitCode;
    try (FakeBigQuery bigQuery =
        new FakeBigQuery(Set.of(PROJECT + ":" + DATASET))
            .withTable(PROJECT + ":" + DATASET + ".user_traffic", undatedUserTraffic)) {
      exitCode =
          TrafficAnalyticsPipeline.execute(
              new String[] {
                "--inputPath=" + tmp.getRoot() + "/logs/{date}/*.json",
                "--runDate=" + DAY_1,
                "--project=" + PROJECT,
                "--mode=user_traffic",
                "--userTrafficTable=" + DATASET + ".user_traffic",
                "--tempLocation=gs://test-bucket/tmp",
                "--bigQueryEndpoint=" + bigQuery.endpoint(),
                "--credentialFactoryClass="
                    + "org.apache.beam.sdk.extensions.gcp.auth.NoopCredentialFactory"
              },
              new PrintStream(console, true, StandardCharsets.UTF_8));
    }

    assertEquals(TrafficAnalyticsPipeline.EXIT_BAD_OPTIONS, exitCode);
    assertEquals(
        "traffic-analytics: error: --userTrafficTable: BigQuery table"
            + " test-project:traffic.user_traffic is not partitioned, clustered by user_id, but a"
            + " --runDate run replaces one day of a table partitioned by day on run_date,"
            + " clustered by user_id; name a new table (the run creates it so) or drop --runDate\n",
        console.toString(StandardCharsets.UTF_8));
  }

  // ---------------------------------------------------------------------------------------------

  /** Each table's rows of {@code day} equal the oracle's over {@code lines}, each exactly once. */
  private void assertDay(String day, List<String> lines) throws Exception {
    ExpectedTraffic expected = ExpectedTraffic.of(lines, 60);
    assertEquals(sorted(expected.userRows()), sorted(withoutRunDate(rowsOf("user_traffic", day))));
    assertEquals(
        sorted(expected.minuteRows()), sorted(withoutRunDate(rowsOf("minute_traffic", day))));
    List<String> rejected = new ArrayList<>();
    rowsOf("dead_letter", day).forEach(row -> rejected.add((String) row.get("line")));
    assertEquals(
        expected.rejectedLines.stream().sorted().toList(), rejected.stream().sorted().toList());
  }

  /** The tables as a dated run creates them: run_date last, partitioned by it, clustered. */
  private void assertLayout() throws Exception {
    Map<String, String> clustering =
        Map.of("user_traffic", "[user_id]", "minute_traffic", "[timestamp]", "dead_letter", "null");
    for (Map.Entry<String, String> expected : clustering.entrySet()) {
      Table table = datasets.getTable(reference(expected.getKey()));
      List<TableFieldSchema> columns = table.getSchema().getFields();
      TableFieldSchema last = columns.get(columns.size() - 1);
      assertEquals(
          "run_date DATE REQUIRED", last.getName() + " " + last.getType() + " " + last.getMode());
      assertEquals("DAY", table.getTimePartitioning().getType());
      assertEquals("run_date", table.getTimePartitioning().getField());
      assertEquals(
          expected.getValue(),
          String.valueOf(table.getClustering() == null ? null : table.getClustering().getFields()));
    }
  }

  /**
   * What real BigQuery is asked: each load names its day's partition, replaces it
   * (WRITE_TRUNCATE), and may add columns (allowed for a partition, unlike a whole table).
   */
  private void assertLoadsReplaceOnePartition() {
    List<String> targets = new ArrayList<>();
    for (Job job : jobs.getAllJobs()) {
      JobConfigurationLoad load = job.getConfiguration().getLoad();
      assertEquals("WRITE_TRUNCATE", load.getWriteDisposition());
      assertEquals(
          List.of("ALLOW_FIELD_ADDITION", "ALLOW_FIELD_RELAXATION"),
          load.getSchemaUpdateOptions().stream().sorted().toList());
      targets.add(load.getDestinationTable().getTableId());
    }
    assertThat(targets, not(empty()));
    assertEquals(
        List.of(
            "dead_letter$20260305", "dead_letter$20260306", "minute_traffic$20260305",
            "minute_traffic$20260306", "user_traffic$20260305", "user_traffic$20260306"),
        targets.stream().distinct().sorted().toList());
  }

  private Map<String, Long> sumPageviewsBy(String table, String column) throws Exception {
    Map<String, Long> sums = new TreeMap<>();
    for (TableRow row : rows(table)) {
      sums.merge((String) row.get(column), ((Number) row.get("pageviews")).longValue(), Long::sum);
    }
    return sums;
  }

  private Map<String, List<Map<String, Object>>> allTables(String day) throws Exception {
    Map<String, List<Map<String, Object>>> all = new LinkedHashMap<>();
    for (String table : List.of("user_traffic", "minute_traffic", "dead_letter")) {
      all.put(table, sorted(normalized(rowsOf(table, day))));
    }
    return all;
  }

  private List<TableRow> rowsOf(String table, String day) throws Exception {
    return rows(table).stream().filter(row -> day.equals(row.get("run_date"))).toList();
  }

  private List<TableRow> rows(String table) throws Exception {
    return datasets.getAllRows(PROJECT, DATASET, table);
  }

  /** The rows without their run_date, numbers as longs, as the oracle gives them. */
  private static List<Map<String, Object>> withoutRunDate(List<TableRow> rows) {
    List<Map<String, Object>> plain = normalized(rows);
    plain.forEach(row -> row.remove("run_date"));
    return plain;
  }

  private static List<Map<String, Object>> normalized(List<TableRow> rows) {
    List<Map<String, Object>> plain = new ArrayList<>();
    for (TableRow row : rows) {
      Map<String, Object> copy = new HashMap<>();
      row.forEach((k, v) -> copy.put(k, v instanceof Number n ? (Object) n.longValue() : v));
      plain.add(copy);
    }
    return plain;
  }

  private static List<Map<String, Object>> sorted(List<Map<String, Object>> rows) {
    return rows.stream()
        .sorted(Comparator.comparing(row -> new TreeMap<>(row).toString()))
        .toList();
  }

  /** Runs the pipeline for {@code day} on the logs under {@code tmp/logs/{date}}. */
  private void run(String day) throws Exception {
    PipelineOptionsFactory.register(TrafficAnalyticsOptions.class);
    TrafficAnalyticsOptions options =
        PipelineOptionsFactory.fromArgs(
                "--inputPath=" + tmp.getRoot() + "/logs/{date}/*.json",
                "--runDate=" + day,
                "--project=" + PROJECT,
                "--userTrafficTable=" + DATASET + ".user_traffic",
                "--minuteTrafficTable=" + DATASET + ".minute_traffic",
                // As in production: load jobs need a Cloud Storage temp location; the fake's loads
                // read their files from the local folder set on the write below.
                "--tempLocation=gs://test-bucket/tmp")
            .withValidation()
            .as(TrafficAnalyticsOptions.class);
    FakeBigQueryServices services =
        new FakeBigQueryServices()
            .withDatasetService(datasets)
            .withJobService(new PartitionedFakeJobService(jobs, datasets));
    BigQueryIO.Write<TableRow> fakeBigQuery =
        BigQueryIO.writeTableRows()
            .withTestServices(services)
            .withCustomGcsTempLocation(StaticValueProvider.of(tmp.newFolder().getAbsolutePath()));
    assertEquals(
        PipelineResult.State.DONE,
        TrafficAnalyticsPipeline.run(options, fakeBigQuery, services).waitUntilFinish());
  }

  private void writeLogs(String day, List<String> lines) throws Exception {
    Path folder = tmp.getRoot().toPath().resolve("logs").resolve(day);
    Files.createDirectories(folder);
    Files.write(folder.resolve("events.json"), lines, StandardCharsets.UTF_8);
  }

  private static Table table(String name, String column) {
    return new Table()
        .setTableReference(reference(name))
        .setSchema(
            new TableSchema()
                .setFields(
                    List.of(new TableFieldSchema().setName(column).setType("STRING"))));
  }

  private static TableReference reference(String name) {
    return new TableReference().setProjectId(PROJECT).setDatasetId(DATASET).setTableId(name);
  }

  private static String event(String user, String time, long bytes) {
    return "{\"user_id\": \"" + user + "\", \"timestamp\": \"" + time + "\", \"num_bytes\": "
        + bytes + "}";
  }
}
