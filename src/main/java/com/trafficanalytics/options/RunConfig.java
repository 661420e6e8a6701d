package com.trafficanalytics.options;

import com.trafficanalytics.analysis.MinuteTraffic;
import com.trafficanalytics.analysis.TrafficAnalysis;
import com.trafficanalytics.analysis.UserTraffic;
import com.trafficanalytics.deadletter.DeadLetter;
import com.trafficanalytics.sinks.BigQueryDestination;
import com.trafficanalytics.sinks.Destination;
import com.trafficanalytics.sinks.FolderDestination;
import com.trafficanalytics.sinks.UnusableOutputException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.runners.dataflow.options.DataflowPipelineOptions;
import org.apache.beam.sdk.extensions.gcp.options.GcpOptions;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryIO.Write.WriteDisposition;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryServices;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A run's options, checked together and resolved into what the pipeline needs: which analyses
 * run, where each output goes, the guards. Every mistake is found here, before anything is written,
 * and reported as one line that names the option and the fix.
 */
public final class RunConfig {
  /** Where file outputs go on a local run when {@code --outputDirectory} is not given. */
  public static final String LOCAL_OUTPUT_DIRECTORY = "output";

  private final TrafficAnalyticsOptions options;
  private final Mode mode;
  private final List<TrafficAnalysis<?>> analyses;
  private final Map<String, Destination> destinations;
  private final Destination deadLetterDestination;
  private final List<String> notes;

  private RunConfig(
      TrafficAnalyticsOptions options,
      Mode mode,
      List<TrafficAnalysis<?>> analyses,
      Map<String, Destination> destinations,
      Destination deadLetterDestination,
      List<String> notes) {
    this.options = options;
    this.mode = mode;
    this.analyses = analyses;
    this.destinations = destinations;
    this.deadLetterDestination = deadLetterDestination;
    this.notes = notes;
  }

  /** Checks {@code options} and resolves them; finds the input files too. */
  public static RunConfig from(TrafficAnalyticsOptions options) throws InvalidOptionException {
    return from(options, null);
  }

  /**
   * As {@link #from(TrafficAnalyticsOptions)}, with Beam's BigQuery test services standing in for
   * BigQuery, as tests do.
   */
  public static RunConfig from(
      TrafficAnalyticsOptions options, @Nullable BigQueryServices bigQueryServices)
      throws InvalidOptionException {
    // Output folders and the input pattern are resolved below: gs:// needs the GCS file system.
    FileSystems.setDefaultPipelineOptions(options);
    Mode mode = Mode.fromOption(options.getMode());
    String input = options.getInputPath();
    if (input == null || input.isBlank()) {
      throw new InvalidOptionException(
          "--inputPath is required: the events to read, e.g. --inputPath=data/events.json or"
              + " --inputPath=gs://my-bucket/logs/*.json.gz");
    }
    List<String> notes = new ArrayList<>();
    boolean onDataflow = isDataflow(options);

    int maxLineBytes = options.getMaxLineBytes();
    if (maxLineBytes <= 0) {
      throw new InvalidOptionException(
          "--maxLineBytes=" + maxLineBytes + " must be a positive number of bytes, e.g. 1048576");
    }
    Double ratio = options.getMaxDeadLetterRatio();
    if (ratio != null && !(ratio >= 0 && ratio <= 1)) {
      throw new InvalidOptionException(
          "--maxDeadLetterRatio=" + ratio + " must be a fraction from 0 to 1, e.g. 0.01 for 1%");
    }
    WriteDisposition writeDisposition = writeDisposition(options.getWriteDisposition());
    String project = options.as(GcpOptions.class).getProject();

    // Which analyses run, and the options of those that do not.
    List<TrafficAnalysis<?>> analyses = new ArrayList<>();
    Map<String, String> tableOptions = new LinkedHashMap<>();
    if (mode.runsUserTraffic()) {
      analyses.add(new UserTraffic());
      tableOptions.put(UserTraffic.NAME, options.getUserTrafficTable());
    } else if (options.getUserTrafficTable() != null) {
      notes.add(ignored("userTrafficTable", mode));
    }
    if (mode.runsMinuteTraffic()) {
      int windowSeconds = options.getWindowSeconds();
      if (windowSeconds <= 0) {
        throw new InvalidOptionException(
            "--windowSeconds=" + windowSeconds + " must be a positive number of seconds, e.g. 60");
      }
      analyses.add(new MinuteTraffic(windowSeconds));
      tableOptions.put(MinuteTraffic.NAME, options.getMinuteTrafficTable());
    } else {
      if (options.getMinuteTrafficTable() != null) {
        notes.add(ignored("minuteTrafficTable", mode));
      }
      if (options.getWindowSeconds() != 60) {
        notes.add(ignored("windowSeconds", mode));
      }
    }

    // Where each output goes.
    Map<String, Destination> destinations = new LinkedHashMap<>();
    String firstTable = null;
    boolean anyFiles = false;
    for (Map.Entry<String, String> output : tableOptions.entrySet()) {
      String option = output.getKey().equals(UserTraffic.NAME) ? "userTrafficTable" : "minuteTrafficTable";
      if (output.getValue() != null && !output.getValue().isBlank()) {
        String table = BigQueryTables.canonical(option, output.getValue(), project);
        firstTable = firstTable == null ? table : firstTable;
        destinations.put(
            output.getKey(), new BigQueryDestination(table, writeDisposition, bigQueryServices));
      } else {
        anyFiles = true;
        destinations.put(
            output.getKey(),
            FolderDestination.under(outputDirectory(options, onDataflow), output.getKey()));
      }
    }
    Destination deadLetters =
        deadLetterDestination(
            options, onDataflow, anyFiles, firstTable, project, writeDisposition, bigQueryServices);

    boolean anyBigQuery =
        deadLetters instanceof BigQueryDestination
            || destinations.values().stream().anyMatch(d -> d instanceof BigQueryDestination);
    String tempLocation = options.getTempLocation();
    if (anyBigQuery && !onDataflow && bigQueryServices == null
        && (tempLocation == null || !tempLocation.startsWith("gs://"))) {
      throw new InvalidOptionException(
          "--tempLocation must be a gs:// folder when writing to BigQuery (load jobs read their"
              + " files from Cloud Storage), e.g. --tempLocation=gs://my-bucket/tmp; or drop the"
              + " table options to write files under --outputDirectory");
    }

    List<String> inputFiles = checkInputExists(options);
    if (!writesTemplateOnly(options)) {
      checkOutputsUsable(options, destinations, deadLetters, inputFiles);
    }
    return new RunConfig(options, mode, List.copyOf(analyses), destinations, deadLetters, notes);
  }

  private static Destination deadLetterDestination(
      TrafficAnalyticsOptions options,
      boolean onDataflow,
      boolean anyFiles,
      @Nullable String firstTable,
      @Nullable String project,
      WriteDisposition writeDisposition,
      @Nullable BigQueryServices services)
      throws InvalidOptionException {
    String table = options.getDeadLetterTable();
    String directory = options.getDeadLetterDirectory();
    boolean hasTable = table != null && !table.isBlank();
    boolean hasDirectory = directory != null && !directory.isBlank();
    if (hasTable && hasDirectory) {
      throw new InvalidOptionException(
          "--deadLetterTable and --deadLetterDirectory are both given; give one of them");
    }
    if (hasTable) {
      return new BigQueryDestination(
          BigQueryTables.canonical("deadLetterTable", table, project), writeDisposition, services);
    }
    if (hasDirectory) {
      return new FolderDestination(directory);
    }
    if (anyFiles) {
      return FolderDestination.under(outputDirectory(options, onDataflow), DeadLetter.NAME);
    }
    return new BigQueryDestination(
        BigQueryTables.datasetOf(firstTable) + "." + DeadLetter.NAME, writeDisposition, services);
  }

  private static String outputDirectory(TrafficAnalyticsOptions options, boolean onDataflow)
      throws InvalidOptionException {
    String directory = options.getOutputDirectory();
    if (directory != null && !directory.isBlank()) {
      return directory;
    }
    if (onDataflow) {
      throw new InvalidOptionException(
          "--outputDirectory is required on Dataflow when an analysis has no table: give"
              + " --outputDirectory=gs://my-bucket/traffic, or --userTrafficTable and"
              + " --minuteTrafficTable");
    }
    return LOCAL_OUTPUT_DIRECTORY;
  }

  private static WriteDisposition writeDisposition(String value) throws InvalidOptionException {
    for (WriteDisposition disposition : WriteDisposition.values()) {
      if (disposition.name().equals(value)) {
        return disposition;
      }
    }
    throw new InvalidOptionException(
        "--writeDisposition=" + value + " is not a write disposition; use WRITE_TRUNCATE,"
            + " WRITE_APPEND or WRITE_EMPTY");
  }

  /**
   * Each file output can be written, holds nothing the job did not write, and stays apart from
   * the input and from the other outputs (the checks themselves live in {@code sinks}).
   */
  private static void checkOutputsUsable(
      TrafficAnalyticsOptions options,
      Map<String, Destination> destinations,
      Destination deadLetters,
      List<String> inputFiles)
      throws InvalidOptionException {
    String outputOption =
        "--outputDirectory="
            + (options.getOutputDirectory() == null
                ? LOCAL_OUTPUT_DIRECTORY
                : options.getOutputDirectory());
    String deadLetterDirectory = options.getDeadLetterDirectory();
    Map<Destination, String> optionOf = new LinkedHashMap<>();
    destinations.values().forEach(d -> optionOf.put(d, outputOption));
    String deadLetterOption =
        deadLetterDirectory != null && !deadLetterDirectory.isBlank()
            ? "--deadLetterDirectory=" + deadLetterDirectory
            : outputOption;
    if (deadLetters instanceof FolderDestination folder
        && destinations.values().stream().anyMatch(folder::sameFolderAs)) {
      throw new InvalidOptionException(
          deadLetterOption + " is also the folder of a result; give the dead letters a folder of"
              + " their own");
    }
    optionOf.put(deadLetters, deadLetterOption);
    for (Map.Entry<Destination, String> output : optionOf.entrySet()) {
      try {
        output.getKey().checkUsable(inputFiles);
      } catch (UnusableOutputException e) {
        throw new InvalidOptionException(output.getValue() + ": " + e.getMessage());
      }
    }
  }

  private static List<String> checkInputExists(TrafficAnalyticsOptions options)
      throws InvalidOptionException {
    String input = options.getInputPath();
    MatchResult match;
    try {
      match = FileSystems.match(input, EmptyMatchTreatment.ALLOW_IF_WILDCARD);
    } catch (IOException | IllegalArgumentException e) {
      throw new InvalidOptionException(
          "--inputPath=" + input + " cannot be read: " + e.getMessage());
    }
    boolean noFile;
    try {
      noFile = match.status() != MatchResult.Status.OK || match.metadata().isEmpty();
    } catch (IOException e) {
      noFile = true;
    }
    if (noFile) {
      throw new InvalidOptionException(
          "--inputPath=" + input + " matches no file; check the path, or quote a pattern such as"
              + " 'logs/*.json' so the shell does not expand it");
    }
    List<String> files = new ArrayList<>();
    try {
      match.metadata().forEach(file -> files.add(file.resourceId().toString()));
    } catch (IOException e) {
      // Unreachable: the status was checked above.
    }
    return files;
  }

  private static String ignored(String option, Mode mode) {
    return "Ignoring --" + option + ": --mode=" + mode.optionValue() + " does not use it";
  }

  /** Whether the run is on Dataflow, where {@code main} submits the job and returns. */
  public static boolean isDataflow(TrafficAnalyticsOptions options) {
    return options.getRunner().getSimpleName().contains("Dataflow");
  }

  /**
   * Whether this launch only writes a template file ({@code --templateLocation}): not a run, so
   * its outputs are neither checked nor claimed (a {@code gs://} folder is not even reachable).
   */
  public static boolean writesTemplateOnly(TrafficAnalyticsOptions options) {
    return options.as(DataflowPipelineOptions.class).getTemplateLocation() != null;
  }

  /**
   * Whether {@code main} waits for the run: it does on a local runner; on Dataflow, and whenever a
   * template is being written, it returns right after submitting.
   */
  public boolean waitsForCompletion() {
    return !isDataflow(options)
        && options.as(DataflowPipelineOptions.class).getTemplateLocation() == null;
  }

  public TrafficAnalyticsOptions options() {
    return options;
  }

  public Mode mode() {
    return mode;
  }

  /** The analyses that run, in output order. */
  public List<TrafficAnalysis<?>> analyses() {
    return analyses;
  }

  /** Where the rows of the analysis named {@code analysisName} go. */
  public Destination destinationOf(String analysisName) {
    return destinations.get(analysisName);
  }

  /** Where the rejected lines go. */
  public Destination deadLetterDestination() {
    return deadLetterDestination;
  }

  /** Lines for the start-up log: options that this mode ignores. */
  public List<String> notes() {
    return notes;
  }
}
