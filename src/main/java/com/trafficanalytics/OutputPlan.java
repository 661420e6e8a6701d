package com.trafficanalytics;

import com.google.api.services.bigquery.model.TableRow;
import com.trafficanalytics.analysis.TrafficAnalysis;
import com.trafficanalytics.deadletter.DeadLetter;
import com.trafficanalytics.options.InvalidOptionException;
import com.trafficanalytics.options.TrafficAnalyticsOptions;
import com.trafficanalytics.report.TrafficReport;
import com.trafficanalytics.sinks.BigQueryDestination;
import com.trafficanalytics.sinks.Destination;
import com.trafficanalytics.sinks.FolderDestination;
import com.trafficanalytics.sinks.UnusableOutputException;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.beam.sdk.extensions.gcp.options.GcpOptions;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryIO;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryIO.Write.WriteDisposition;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Where each output of a run goes: the rows of each analysis to its BigQuery table or to a folder
 * under {@code --outputDirectory} (with {@code --runDate}, that day's partition of each
 * folder), and the dead letters to the place the README describes. Made
 * from checked options ({@link OptionChecks}); what cannot be placed (a table that is not one, no
 * folder on Dataflow, BigQuery loads without Cloud Storage) is an {@link InvalidOptionException}.
 *
 * @param results each analysis that runs, in output order, with where its rows go
 * @param deadLetters where the rejected lines go
 * @param report where the run's {@code report.html} goes, or null for none
 */
record OutputPlan(
    List<OutputPlan.Result> results, Destination deadLetters, @Nullable String report) {

  /** Where file outputs go on a local run when {@code --outputDirectory} is not given. */
  static final String LOCAL_OUTPUT_DIRECTORY = "output";

  /** One analysis and where its rows go. */
  record Result(TrafficAnalysis<?> analysis, Destination destination) {}

  /**
   * Places the outputs of {@code analyses}.
   *
   * @param bigQueryWrite gives the BigQuery write each table's load starts from: Beam's {@code
   *     BigQueryIO.writeTableRows()}, or in tests the same with Beam's fake services; asked only
   *     for a table, since loading BigQueryIO costs a local run that writes files a third of a
   *     second (it reads Google's trust store)
   */
  static OutputPlan of(
      TrafficAnalyticsOptions options,
      List<TrafficAnalysis<?>> analyses,
      Supplier<BigQueryIO.Write<TableRow>> bigQueryWrite)
      throws InvalidOptionException {
    String project = options.as(GcpOptions.class).getProject();
    WriteDisposition disposition = OptionChecks.writeDisposition(options.getWriteDisposition());
    LocalDate runDate = runDate(options);
    Function<String, Destination> toTable =
        table -> new BigQueryDestination(table, disposition, bigQueryWrite.get(), runDate);
    List<Result> results = new ArrayList<>();
    String firstTable = null;
    for (TrafficAnalysis<?> analysis : analyses) {
      String spec = Analyses.table(analysis.name(), options);
      Destination destination;
      if (spec == null) {
        destination =
            forThisRun(FolderDestination.under(outputDirectory(options), analysis.name()), options);
      } else {
        String table =
            BigQueryTables.canonical(Analyses.tableOption(analysis.name()), spec, project);
        firstTable = firstTable == null ? table : firstTable;
        destination = toTable.apply(table);
      }
      results.add(new Result(analysis, destination));
    }
    Destination deadLetters = deadLetters(options, results, firstTable, project, toTable);
    OutputPlan plan =
        new OutputPlan(List.copyOf(results), deadLetters, RunReport.path(options, results));
    plan.checkBigQueryTempLocation(options);
    return plan;
  }

  /**
   * Checks that each file output can be written, holds nothing the job did not write, and stays
   * apart from the input and from the other outputs (the checks themselves live in {@code
   * sinks}); a problem is named by the option that chose the folder.
   *
   * @param inputFiles the files the input pattern matched
   */
  void checkUsable(TrafficAnalyticsOptions options, List<String> inputFiles)
      throws InvalidOptionException {
    String outputOption =
        "--outputDirectory="
            + (options.getOutputDirectory() == null
                ? LOCAL_OUTPUT_DIRECTORY
                : options.getOutputDirectory());
    String deadLetterOption =
        options.getDeadLetterDirectory() != null
            ? "--deadLetterDirectory=" + options.getDeadLetterDirectory()
            : outputOption;
    // First, as it writes nothing (the folder checks below create the job's state folders).
    if (report != null) {
      try {
        TrafficReport.checkReplaceable(report);
      } catch (IOException e) {
        String option =
            options.getReportPath() != null
                ? "--reportPath=" + options.getReportPath()
                : outputOption;
        throw new InvalidOptionException(option + ": " + e.getMessage());
      }
    }
    if (deadLetters instanceof FolderDestination folder
        && results.stream().anyMatch(result -> folder.sameFolderAs(result.destination()))) {
      throw new InvalidOptionException(
          deadLetterOption + " is also the folder of a result; give the dead letters a folder of"
              + " their own");
    }
    for (Destination destination : destinations()) {
      try {
        destination.checkUsable(inputFiles);
      } catch (UnusableOutputException e) {
        String option = destination == deadLetters ? deadLetterOption : outputOption;
        throw new InvalidOptionException(option + ": " + e.getMessage());
      }
    }
  }

  /** Every place the run writes: the results' and the dead letters'. */
  List<Destination> destinations() {
    List<Destination> all = new ArrayList<>();
    results.forEach(result -> all.add(result.destination()));
    all.add(deadLetters);
    return all;
  }

  /** The analyses that run, in output order. */
  List<TrafficAnalysis<?>> analyses() {
    return results.stream().<TrafficAnalysis<?>>map(Result::analysis).toList();
  }

  /** In order of choice: the dead-letter options, the results' folder, the dataset of a table. */
  private static Destination deadLetters(
      TrafficAnalyticsOptions options,
      List<Result> results,
      @Nullable String firstTable,
      @Nullable String project,
      Function<String, Destination> toTable)
      throws InvalidOptionException {
    String table = options.getDeadLetterTable();
    String directory = options.getDeadLetterDirectory();
    if (table != null && directory != null) {
      throw new InvalidOptionException(
          "--deadLetterTable and --deadLetterDirectory are both given; give one of them");
    }
    if (table != null) {
      return toTable.apply(BigQueryTables.canonical("deadLetterTable", table, project));
    }
    if (directory != null) {
      return forThisRun(new FolderDestination(directory), options);
    }
    boolean anyFolder =
        results.stream().anyMatch(result -> result.destination() instanceof FolderDestination);
    if (firstTable == null || anyFolder) {
      return forThisRun(FolderDestination.under(outputDirectory(options), DeadLetter.NAME), options);
    }
    return toTable.apply(BigQueryTables.datasetOf(firstTable) + "." + DeadLetter.NAME);
  }

  /** A folder as this run writes it: the day's partition of a dated run, and its file count. */
  private static FolderDestination forThisRun(
      FolderDestination folder, TrafficAnalyticsOptions options) {
    return folder
        .withRunDate(runDate(options))
        .withFiles(TrafficAnalyticsPipeline.filesPerFolder(options));
  }

  /** The day a dated run writes (already resolved to {@code YYYY-MM-DD}), or null. */
  static @Nullable LocalDate runDate(TrafficAnalyticsOptions options) {
    return options.getRunDate() == null ? null : LocalDate.parse(options.getRunDate());
  }

  private static String outputDirectory(TrafficAnalyticsOptions options)
      throws InvalidOptionException {
    String directory = options.getOutputDirectory();
    if (directory != null) {
      return directory;
    }
    if (TrafficAnalyticsPipeline.isDataflow(options)) {
      throw new InvalidOptionException(
          "--outputDirectory is required on Dataflow when an analysis has no table: give"
              + " --outputDirectory=gs://my-bucket/traffic, or --userTrafficTable and"
              + " --minuteTrafficTable");
    }
    return LOCAL_OUTPUT_DIRECTORY;
  }

  /**
   * BigQuery load jobs read their files from Cloud Storage; on Dataflow the runner provides a
   * location, on a local runner {@code --tempLocation} must be one.
   */
  private void checkBigQueryTempLocation(TrafficAnalyticsOptions options)
      throws InvalidOptionException {
    boolean anyBigQuery =
        destinations().stream().anyMatch(d -> d instanceof BigQueryDestination);
    String tempLocation = options.getTempLocation();
    if (anyBigQuery
        && !TrafficAnalyticsPipeline.isDataflow(options)
        && (tempLocation == null || !tempLocation.startsWith("gs://"))) {
      throw new InvalidOptionException(
          "--tempLocation must be a gs:// folder when writing to BigQuery (load jobs read their"
              + " files from Cloud Storage), e.g. --tempLocation=gs://my-bucket/tmp; or drop the"
              + " table options to write files under --outputDirectory");
    }
  }
}
