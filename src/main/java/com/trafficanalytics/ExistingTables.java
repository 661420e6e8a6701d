package com.trafficanalytics;

import com.google.api.services.bigquery.model.Table;
import com.trafficanalytics.deadletter.DeadLetter;
import com.trafficanalytics.options.InvalidOptionException;
import com.trafficanalytics.options.TrafficAnalyticsOptions;
import com.trafficanalytics.sinks.BigQueryDestination;
import com.trafficanalytics.sinks.Destination;
import com.trafficanalytics.sinks.UnusableOutputException;
import com.trafficanalytics.table.OutputTable;
import java.io.IOException;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryOptions;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryServices;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryServices.DatasetService;

/**
 * Before a dated run ({@code --runDate}): each BigQuery table the run loads that already exists
 * must be laid out as the run loads it (partitioned by day on {@code run_date}), so that a table
 * made otherwise is refused with exit 2 before anything is written, not by failed load jobs after
 * the analyses ran.
 *
 * <p>The tables are read through Beam's {@link BigQueryServices}, the interface BigQueryIO's loads
 * use: the real service in production, Beam's fakes in tests. Beam keeps a write's own services
 * package-private, so they are passed in beside the write ({@link
 * TrafficAnalyticsPipeline#run(TrafficAnalyticsOptions,
 * org.apache.beam.sdk.io.gcp.bigquery.BigQueryIO.Write, BigQueryServices)}).
 */
final class ExistingTables {

  /**
   * Looks up every BigQuery table of {@code plan} and checks its layout.
   *
   * @throws InvalidOptionException naming the table's option, how the table differs and the fix
   */
  static void check(OutputPlan plan, TrafficAnalyticsOptions options, BigQueryServices services)
      throws InvalidOptionException {
    try (DatasetService tables = services.getDatasetService(options.as(BigQueryOptions.class))) {
      for (OutputPlan.Result result : plan.results()) {
        String option = Analyses.tableOption(result.analysis().name());
        check(tables, result.destination(), result.analysis().outputTable(), option);
      }
      check(tables, plan.deadLetters(), DeadLetter.outputTable(), "deadLetterTable");
    } catch (InvalidOptionException e) {
      throw e;
    } catch (Exception e) {
      // Only closing the service gets here; the lookups are answered below.
      throw new IllegalStateException("closing the BigQuery dataset service failed", e);
    }
  }

  private static void check(
      DatasetService tables, Destination destination, OutputTable layout, String option)
      throws InvalidOptionException {
    if (!(destination instanceof BigQueryDestination table)) {
      return;
    }
    Table existing;
    try {
      existing = tables.getTable(table.tableReference());
    } catch (IOException e) {
      throw new InvalidOptionException(
          "--" + option + ": could not read BigQuery table " + table.tableSpec()
              + " before the run (" + firstLine(e.getMessage()) + "); check that the job's"
              + " account may read the dataset");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InvalidOptionException(
          "--" + option + ": interrupted while reading BigQuery table " + table.tableSpec());
    }
    try {
      table.checkExisting(existing, layout);
    } catch (UnusableOutputException e) {
      throw new InvalidOptionException("--" + option + ": " + e.getMessage());
    }
  }

  private static String firstLine(String message) {
    return message == null ? "no message" : message.lines().findFirst().orElse("");
  }

  private ExistingTables() {}
}
