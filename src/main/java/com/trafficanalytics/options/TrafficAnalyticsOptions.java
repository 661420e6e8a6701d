package com.trafficanalytics.options;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * The command-line and template parameters of traffic-analytics.
 *
 * <p>Every option here has a matching parameter in {@code metadata/traffic-analytics-metadata.json}
 * with the same name, so a run from the command line, from {@code gcloud dataflow flex-template run}
 * and from the Console form all mean the same thing. Values are checked together, with one clear
 * message per mistake, by {@link RunConfig#from}.
 */
public interface TrafficAnalyticsOptions extends PipelineOptions {

  @Description(
      "Which analysis to run: user_traffic (one row per user), minute_traffic (one row per"
          + " event-time window) or both (one pass over the input). Example: --mode=both")
  @Default.String("both")
  String getMode();

  void setMode(String value);

  @Description(
      "Newline-delimited JSON events to read: a file pattern, local or gs://. Files ending in"
          + " .gz, .bz2, .deflate or .zip are decompressed. Example:"
          + " --inputPath=gs://my-bucket/logs/2026-03-05/*.json.gz")
  String getInputPath();

  void setInputPath(String value);

  @Description(
      "BigQuery table for the user_traffic rows, as PROJECT:DATASET.TABLE, PROJECT.DATASET.TABLE or"
          + " DATASET.TABLE (with --project). Without it the rows go to files under"
          + " --outputDirectory. Example: --userTrafficTable=my-project:logs.user_traffic")
  String getUserTrafficTable();

  void setUserTrafficTable(String value);

  @Description(
      "BigQuery table for the minute_traffic rows (same forms as --userTrafficTable). Without it"
          + " the rows go to files under --outputDirectory. Example:"
          + " --minuteTrafficTable=my-project:logs.minute_traffic")
  String getMinuteTrafficTable();

  void setMinuteTrafficTable(String value);

  @Description(
      "Folder for results written as files (local path or gs://): user_traffic/, minute_traffic/"
          + " and dead_letter/ below it. Defaults to 'output' on the DirectRunner; required on"
          + " Dataflow when an analysis has no table. Example: --outputDirectory=gs://my-bucket/traffic")
  String getOutputDirectory();

  void setOutputDirectory(String value);

  @Description(
      "Width of the minute_traffic event-time windows, in seconds. Example: --windowSeconds=300")
  @Default.Integer(60)
  Integer getWindowSeconds();

  void setWindowSeconds(Integer value);

  @Description(
      "What a BigQuery write does to an existing table: WRITE_TRUNCATE (replace; a rerun gives the"
          + " same table), WRITE_APPEND or WRITE_EMPTY (fail if the table has rows). Example:"
          + " --writeDisposition=WRITE_APPEND")
  @Default.String("WRITE_TRUNCATE")
  String getWriteDisposition();

  void setWriteDisposition(String value);

  @Description(
      "BigQuery table for rejected lines (same forms as --userTrafficTable). Example:"
          + " --deadLetterTable=my-project:logs.dead_letter")
  String getDeadLetterTable();

  void setDeadLetterTable(String value);

  @Description(
      "Folder for rejected lines as newline-delimited JSON files (local path or gs://). Example:"
          + " --deadLetterDirectory=gs://my-bucket/traffic/rejected")
  String getDeadLetterDirectory();

  void setDeadLetterDirectory(String value);

  @Description(
      "Longest line accepted, in bytes; a longer line becomes a dead letter with its text cut to"
          + " this size, so one corrupt giant line cannot exhaust a worker's memory. Example:"
          + " --maxLineBytes=1048576")
  @Default.Integer(1 << 20)
  Integer getMaxLineBytes();

  void setMaxLineBytes(Integer value);

  @Description(
      "Fail the run when more than this fraction (0 to 1) of the non-blank lines are rejected;"
          + " results are written only when the run passes. Off when not set. Example:"
          + " --maxDeadLetterRatio=0.01")
  Double getMaxDeadLetterRatio();

  void setMaxDeadLetterRatio(Double value);

  // REPORT (issue 10): the lead adds the template annotations to these two.
  @Description(
      "Where to write report.html, one self-contained page with charts of the run (local path or"
          + " gs://). Defaults to report.html under --outputDirectory when results are written as"
          + " files; without either, no report. Example:"
          + " --reportPath=gs://my-bucket/reports/traffic.html")
  String getReportPath();

  void setReportPath(String value);

  @Description(
      "Whether report.html shows user ids (the top users) and the text of rejected lines, which"
          + " can hold user ids; false for reports that are shared widely. Example:"
          + " --reportUserIds=false")
  @Default.Boolean(true)
  Boolean getReportUserIds();

  void setReportUserIds(Boolean value);
}
