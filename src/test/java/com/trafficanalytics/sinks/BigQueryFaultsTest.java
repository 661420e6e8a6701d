package com.trafficanalytics.sinks;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import com.google.api.services.bigquery.model.Job;
import com.google.api.services.bigquery.model.JobConfigurationLoad;
import com.google.api.services.bigquery.model.TableRow;
import com.trafficanalytics.TrafficAnalyticsPipeline;
import com.trafficanalytics.options.TrafficAnalyticsOptions;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryIO;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryServices;
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
 * Load jobs that fail, against Beam's fakes: a transient failure is retried and every row lands
 * exactly once; a failure that does not go away ends the run with one line naming the table. What
 * the fakes cannot show (that a failed WRITE_TRUNCATE load leaves the old table: the fake deletes
 * the table before loading) is asserted on the load job's configuration, and the README says what
 * rests on BigQuery's own guarantee.
 */
public class BigQueryFaultsTest {
  private static final String PROJECT = "test-project";
  private static final String DATASET = "traffic";
  private static final String USER_TABLE = PROJECT + ":" + DATASET + ".user_traffic";

  private static final List<String> INPUT =
      List.of(
          event("u1", "2026-03-05T21:49:42Z", 10),
          event("u1", "2026-03-05T21:49:50Z", 30),
          event("u2", "2026-03-05T21:50:00Z", 5),
          "not json");

  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  private FakeDatasetService datasets;
  private FakeJobService jobs;

  private static String event(String user, String time, long bytes) {
    return "{\"user_id\": \"" + user + "\", \"timestamp\": \"" + time + "\", \"num_bytes\": "
        + bytes + "}";
  }

  @Before
  public void setUpFakes() throws Exception {
    FakeDatasetService.setUp();
    FakeJobService.setUp();
    datasets = new FakeDatasetService();
    jobs = new FakeJobService();
    datasets.createDataset(PROJECT, DATASET, "", "", null);
  }

  /**
   * The first polls of each load job fail (as a job that BigQuery reports failed); BigQueryIO
   * starts it again under a new job id, and each row is in each table exactly once.
   */
  @Test
  public void aTransientLoadFailureIsRetriedAndEveryRowLandsOnce() throws Exception {
    jobs.setNumFailuresExpected(2);

    assertEquals(PipelineResult.State.DONE, run());

    List<String> users = new ArrayList<>();
    for (TableRow row : datasets.getAllRows(PROJECT, DATASET, "user_traffic")) {
      users.add(row.get("user_id") + " " + row.get("pageviews") + " " + row.get("total_bytes"));
    }
    // By hand from INPUT: u1 has two events (10 + 30 bytes), u2 one (5 bytes).
    assertThat(users, containsInAnyOrder("u1 2 40", "u2 1 5"));
    assertEquals(1, datasets.getAllRows(PROJECT, DATASET, "dead_letter").size());
    long failed = loadJobs().stream().filter(j -> "FAILED".equals(j.getStatus().getState())).count();
    assertThat("load jobs that failed and were retried", failed, greaterThan(0L));
  }

  /**
   * A load that keeps failing ends the run with an error naming the table, after BigQueryIO's
   * retries; {@code main} prints this one line with exit 1.
   */
  @Test
  public void aLoadThatKeepsFailingFailsTheRun() throws Exception {
    jobs.setNumFailuresExpected(1000);

    RuntimeException failure = assertThrows(RuntimeException.class, this::run);

    String line = TrafficAnalyticsPipeline.failureLine(failure);
    // Both loads (user_traffic, dead_letter) fail; the line names the one that gave up first.
    assertThat(line, containsString("loading BigQuery table " + PROJECT + ":" + DATASET + "."));
    assertThat(line, containsString("the table keeps its earlier rows"));
    assertEquals(1, line.lines().count());
  }

  /**
   * What the old table's survival of a failed load rests on: every load job of a rerun is one
   * WRITE_TRUNCATE job per table (BigQuery applies a job's truncation and its rows together, or
   * neither), creating the table only if it is missing.
   */
  @Test
  public void eachLoadIsOneWriteTruncateJobThatCreatesOnlyIfNeeded() throws Exception {
    assertEquals(PipelineResult.State.DONE, run());

    List<Job> loads = loadJobs();
    assertThat(loads.size(), greaterThan(0));
    for (Job job : loads) {
      JobConfigurationLoad load = job.getConfiguration().getLoad();
      assertEquals("WRITE_TRUNCATE", load.getWriteDisposition());
      assertEquals("CREATE_IF_NEEDED", load.getCreateDisposition());
      assertEquals("NEWLINE_DELIMITED_JSON", load.getSourceFormat());
    }
    // One load straight into each table (no temporary tables and copy jobs for this size).
    assertEquals(2, loads.stream().map(j -> j.getConfiguration().getLoad().getDestinationTable()
        .getTableId()).distinct().count());
  }

  private List<Job> loadJobs() {
    return jobs.getAllJobs().stream().filter(j -> j.getConfiguration().getLoad() != null).toList();
  }

  /** Runs the pipeline on INPUT, user_traffic in BigQuery, through the current test seam. */
  private PipelineResult.State run() throws Exception {
    File input = tmp.newFile("events.json");
    Files.write(input.toPath(), INPUT, StandardCharsets.UTF_8);
    PipelineOptionsFactory.register(TrafficAnalyticsOptions.class);
    TrafficAnalyticsOptions options =
        PipelineOptionsFactory.fromArgs(
                "--inputPath=" + input,
                "--project=" + PROJECT,
                "--mode=user_traffic",
                "--userTrafficTable=" + USER_TABLE,
                // As in production: load jobs need a Cloud Storage temp location; the fake's loads
                // read their files from the local folder set on the write below.
                "--tempLocation=gs://test-bucket/tmp",
                "--outputDirectory=" + tmp.newFolder().getAbsolutePath())
            .withValidation()
            .as(TrafficAnalyticsOptions.class);
    BigQueryServices services =
        new FakeBigQueryServices().withDatasetService(datasets).withJobService(jobs);
    BigQueryIO.Write<TableRow> fakeBigQuery =
        BigQueryIO.writeTableRows()
            .withTestServices(services)
            .withCustomGcsTempLocation(StaticValueProvider.of(tmp.newFolder().getAbsolutePath()));
    return TrafficAnalyticsPipeline.run(options, fakeBigQuery).waitUntilFinish();
  }
}
