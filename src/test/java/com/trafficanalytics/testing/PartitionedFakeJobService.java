package com.trafficanalytics.testing;

import com.google.api.client.http.AbstractInputStreamContent;
import com.google.api.services.bigquery.model.ErrorProto;
import com.google.api.services.bigquery.model.Job;
import com.google.api.services.bigquery.model.JobConfigurationExtract;
import com.google.api.services.bigquery.model.JobConfigurationLoad;
import com.google.api.services.bigquery.model.JobConfigurationQuery;
import com.google.api.services.bigquery.model.JobConfigurationTableCopy;
import com.google.api.services.bigquery.model.JobReference;
import com.google.api.services.bigquery.model.JobStatistics;
import com.google.api.services.bigquery.model.JobStatus;
import com.google.api.services.bigquery.model.Table;
import com.google.api.services.bigquery.model.TableReference;
import com.google.api.services.bigquery.model.TableRow;
import java.io.IOException;
import java.io.Serializable;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryServices.JobService;
import org.apache.beam.sdk.io.gcp.testing.FakeDatasetService;
import org.apache.beam.sdk.io.gcp.testing.FakeJobService;

/**
 * Beam's {@link FakeJobService} with BigQuery's partition semantics for load jobs.
 *
 * <p>The fake ignores a partition decorator ({@code TABLE$YYYYMMDD}): it looks the decorated name
 * up as a table of its own, finds none, so neither truncates nor checks emptiness, and appends the
 * rows to the table. A WRITE_TRUNCATE into one day's partition thus adds to the whole table instead
 * of replacing the day. This thin wrapper gives a load into a decorated, day-partitioned table what
 * BigQuery does, once the fake reports the job DONE:
 *
 * <ul>
 *   <li>WRITE_TRUNCATE: the rows of that day the table held before the job are removed; the other
 *       days and the job's rows stay;
 *   <li>WRITE_EMPTY: the job fails, the table unchanged, if the day held rows before it;
 *   <li>any disposition: the job fails, the table unchanged, if one of its rows is not of the
 *       decorated day (BigQuery refuses rows outside the partition a load names).
 * </ul>
 *
 * <p>A row's day is the text of the table's DATE partitioning column. Only what this project's
 * tests need: loads straight into the table, one job at a time per table (copy jobs, which
 * BigQueryIO uses past its per-load file limits, pass through with the fake's semantics).
 */
public final class PartitionedFakeJobService implements JobService, Serializable {
  private static final long serialVersionUID = 1L;

  private static final Pattern DECORATED_DAY = Pattern.compile("(.+)\\$([0-9]{8})");

  /**
   * Load jobs into a partition that the fake has not yet reported done, by job id. Static, like
   * the fakes' own tables and jobs: the pipeline's steps use deserialized copies of this object.
   */
  private static final Map<String, PartitionLoad> PENDING = new ConcurrentHashMap<>();

  /** Jobs this wrapper failed after the fake ran them, with why, by job id. */
  private static final Map<String, String> FAILED = new ConcurrentHashMap<>();

  private final FakeJobService jobs;
  private final FakeDatasetService datasets;

  /** A load into one day's partition: its table, day, disposition and the rows the table had. */
  private record PartitionLoad(
      TableReference table, String day, String writeDisposition, int rowsBefore)
      implements Serializable {}

  /** Wraps {@code jobs}, whose loads go into the tables of {@code datasets}. */
  public PartitionedFakeJobService(FakeJobService jobs, FakeDatasetService datasets) {
    this.jobs = jobs;
    this.datasets = datasets;
  }

  /** Forgets every job: call it with {@code FakeJobService.setUp()} before each test. */
  public static void setUp() {
    PENDING.clear();
    FAILED.clear();
  }

  @Override
  public void startLoadJob(JobReference jobRef, JobConfigurationLoad load)
      throws InterruptedException, IOException {
    remember(jobRef, load);
    jobs.startLoadJob(jobRef, load);
  }

  @Override
  public void startLoadJob(
      JobReference jobRef, JobConfigurationLoad load, AbstractInputStreamContent stream)
      throws InterruptedException, IOException {
    remember(jobRef, load);
    jobs.startLoadJob(jobRef, load, stream);
  }

  @Override
  public Job pollJob(JobReference jobRef, int maxAttempts) throws InterruptedException {
    try {
      return settle(jobs.pollJob(jobRef, maxAttempts));
    } catch (IOException e) {
      throw new IllegalStateException("the fake's tables could not be read", e);
    }
  }

  @Override
  public Job getJob(JobReference jobRef) throws IOException, InterruptedException {
    return settle(jobs.getJob(jobRef));
  }

  @Override
  public void startExtractJob(JobReference jobRef, JobConfigurationExtract extract)
      throws InterruptedException, IOException {
    jobs.startExtractJob(jobRef, extract);
  }

  @Override
  public void startQueryJob(JobReference jobRef, JobConfigurationQuery query)
      throws IOException, InterruptedException {
    jobs.startQueryJob(jobRef, query);
  }

  @Override
  public void startCopyJob(JobReference jobRef, JobConfigurationTableCopy copy)
      throws IOException, InterruptedException {
    jobs.startCopyJob(jobRef, copy);
  }

  @Override
  public JobStatistics dryRunQuery(
      String projectId, JobConfigurationQuery query, String location)
      throws InterruptedException, IOException {
    return jobs.dryRunQuery(projectId, query, location);
  }

  @Override
  public void close() throws Exception {
    jobs.close();
  }

  /** Notes a load into a day's partition and how many rows its table holds before it. */
  private void remember(JobReference jobRef, JobConfigurationLoad load)
      throws IOException, InterruptedException {
    TableReference destination = load.getDestinationTable();
    Matcher decorated = DECORATED_DAY.matcher(destination.getTableId());
    if (!decorated.matches()) {
      return;
    }
    TableReference table = destination.clone().setTableId(decorated.group(1));
    String day =
        LocalDate.parse(decorated.group(2), DateTimeFormatter.BASIC_ISO_DATE).toString();
    synchronized (PartitionedFakeJobService.class) {
      int rowsBefore =
          datasets.getTable(table) == null
              ? 0
              : datasets
                  .getAllRows(table.getProjectId(), table.getDatasetId(), table.getTableId())
                  .size();
      PENDING.put(
          jobRef.getJobId(),
          new PartitionLoad(table, day, load.getWriteDisposition(), rowsBefore));
    }
  }

  /**
   * {@code job} as BigQuery would report it: when the fake has just run a load into a partition,
   * the table is put right first (see the class comment).
   */
  private Job settle(Job job) throws IOException, InterruptedException {
    if (job == null) {
      return null;
    }
    String jobId = job.getJobReference().getJobId();
    synchronized (PartitionedFakeJobService.class) {
      PartitionLoad load = PENDING.get(jobId);
      if (load != null && "DONE".equals(job.getStatus().getState())) {
        PENDING.remove(jobId);
        String failure = applyPartitionSemantics(load);
        if (failure != null) {
          FAILED.put(jobId, failure);
        }
      }
      String failure = FAILED.get(jobId);
      if (failure != null) {
        ErrorProto error = new ErrorProto().setMessage(failure);
        job.setStatus(new JobStatus().setState("FAILED").setErrorResult(error));
      }
    }
    return job;
  }

  /**
   * Replaces the table's rows by what BigQuery would hold after {@code load}; returns why the job
   * fails instead (the table then as before it), or null.
   */
  private String applyPartitionSemantics(PartitionLoad load)
      throws IOException, InterruptedException {
    TableReference ref = load.table();
    Table table = datasets.getTable(ref);
    if (table.getTimePartitioning() == null || table.getTimePartitioning().getField() == null) {
      return "table " + ref.getTableId() + " is not partitioned by a column; no day to load into";
    }
    String column = table.getTimePartitioning().getField();
    List<TableRow> rows =
        new ArrayList<>(
            datasets.getAllRows(ref.getProjectId(), ref.getDatasetId(), ref.getTableId()));
    List<TableRow> before = new ArrayList<>(rows.subList(0, load.rowsBefore()));
    List<TableRow> added = rows.subList(load.rowsBefore(), rows.size());
    String failure = null;
    if (added.stream().anyMatch(row -> !load.day().equals(row.get(column)))) {
      failure = "a row's " + column + " is outside the partition of " + load.day();
    } else if ("WRITE_EMPTY".equals(load.writeDisposition())
        && before.stream().anyMatch(row -> load.day().equals(row.get(column)))) {
      failure = "the partition of " + load.day() + " is not empty";
    }
    List<TableRow> after = new ArrayList<>();
    for (TableRow row : before) {
      boolean replaced =
          failure == null
              && "WRITE_TRUNCATE".equals(load.writeDisposition())
              && load.day().equals(row.get(column));
      if (!replaced) {
        after.add(row);
      }
    }
    if (failure == null) {
      after.addAll(added);
    }
    datasets.deleteTable(ref);
    datasets.createTable(table.setNumBytes(null)); // the fake counts the rows' bytes on insert
    if (!after.isEmpty()) {
      datasets.insertAll(ref, after, null);
    }
    return failure;
  }
}
