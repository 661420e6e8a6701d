package com.trafficanalytics;

import com.google.api.services.bigquery.model.TableRow;
import com.trafficanalytics.analysis.TrafficAnalysis;
import com.trafficanalytics.deadletter.DeadLetter;
import com.trafficanalytics.options.InvalidOptionException;
import com.trafficanalytics.options.RunConfig;
import com.trafficanalytics.options.TrafficAnalyticsOptions;
import com.trafficanalytics.quality.DeadLetterRatioGate;
import com.trafficanalytics.read.AnalyzeTrafficFiles;
import com.trafficanalytics.read.LineCounts;
import com.trafficanalytics.sinks.BigQueryDestination;
import com.trafficanalytics.sinks.Destination;
import com.trafficanalytics.sinks.OutputClaim;
import com.trafficanalytics.sinks.UnusableOutputException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.gcp.bigquery.TableRowJsonCoder;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.Wait;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The traffic-analytics job: reads newline-delimited JSON events and writes the {@code
 * user_traffic} and/or {@code minute_traffic} tables, with every rejected line in a dead-letter
 * output.
 *
 * <p>The same entry point serves {@code java -jar} on the DirectRunner (it waits, shows progress
 * and ends with a summary) and the Dataflow Flex Template launcher (it submits the job and
 * returns). Exit codes: 0 success, 2 bad options (nothing written), 1 a failure while running.
 */
public final class TrafficAnalyticsPipeline {
  private static final Logger LOG = LoggerFactory.getLogger(TrafficAnalyticsPipeline.class);

  /** Exit code of a run whose options were wrong; nothing was written. */
  public static final int EXIT_BAD_OPTIONS = 2;

  /** Exit code of a run that failed while running. */
  public static final int EXIT_FAILED = 1;

  /** Runs the job; see the README for the options, or pass {@code --help=TrafficAnalyticsOptions}. */
  public static void main(String[] args) {
    int exitCode = execute(args, System.err);
    if (exitCode != 0) {
      System.exit(exitCode);
    }
  }

  /**
   * What {@link #main} does, without leaving the JVM: runs the job and returns the exit code,
   * reporting on {@code console}.
   */
  public static int execute(String[] args, PrintStream console) {
    TrafficAnalyticsOptions options;
    try {
      PipelineOptionsFactory.register(TrafficAnalyticsOptions.class);
      options =
          PipelineOptionsFactory.fromArgs(withLocalDefaults(args))
              .withValidation()
              .as(TrafficAnalyticsOptions.class);
    } catch (IllegalArgumentException e) {
      console.println(
          "traffic-analytics: error: " + firstLine(e.getMessage())
              + " (list the options with --help=TrafficAnalyticsOptions)");
      return EXIT_BAD_OPTIONS;
    }
    RunConfig config;
    try {
      config = RunConfig.from(options);
    } catch (InvalidOptionException e) {
      console.println("traffic-analytics: error: " + e.getMessage());
      return EXIT_BAD_OPTIONS;
    }
    if (config.waitsForCompletion()) {
      LocalLogging.configure();
      if (options.getRunner().getSimpleName().equals("DirectRunner")) {
        // Lets main poll the counters for progress lines instead of blocking inside run().
        options.as(DirectOptions.class).setBlockOnRun(false);
      }
    }
    describe(config);
    OutputClaim claim;
    try {
      claim =
          OutputClaim.acquire(
              RunConfig.writesTemplateOnly(options) ? List.of() : outputs(config));
    } catch (UnusableOutputException e) {
      console.println("traffic-analytics: error: " + e.getMessage());
      return EXIT_BAD_OPTIONS;
    }
    try (claim) {
      PipelineResult result = build(config).run();
      if (!config.waitsForCompletion()) {
        LOG.info("Submitted; the job runs on {}", options.getRunner().getSimpleName());
        return 0;
      }
      return new RunMonitor(result, config, console).waitAndReport() ? 0 : EXIT_FAILED;
    } catch (RuntimeException e) {
      String output = claim.explainFailure(e);
      console.println("traffic-analytics: error: " + (output != null ? output : failureLine(e)));
      return EXIT_FAILED;
    }
  }

  /** Every destination of the run: the results', then the dead letters'. */
  private static List<Destination> outputs(RunConfig config) {
    List<Destination> outputs = new ArrayList<>();
    config.analyses().forEach(a -> outputs.add(config.destinationOf(a.name())));
    outputs.add(config.deadLetterDestination());
    return outputs;
  }

  /**
   * The DirectRunner's checks that every element is encodable and never mutated cost more than
   * the job itself on large inputs; they guard against bugs in a pipeline's code, which this
   * project's tests run with the checks on. So a command-line run turns them off unless it sets
   * them itself ({@code --enforceImmutability=true --enforceEncodability=true}).
   */
  static String[] withLocalDefaults(String[] args) {
    List<String> all = new ArrayList<>(Arrays.asList(args));
    for (String check : List.of("enforceImmutability", "enforceEncodability")) {
      if (all.stream().noneMatch(arg -> arg.startsWith("--" + check))) {
        all.add("--" + check + "=false");
      }
    }
    return all.toArray(String[]::new);
  }

  /**
   * Runs the job with already-parsed options (for launchers and tests that hold options).
   *
   * @throws InvalidOptionException when the options cannot work; nothing is written then
   */
  public static PipelineResult run(TrafficAnalyticsOptions options) throws InvalidOptionException {
    return build(RunConfig.from(options)).run();
  }

  /** The pipeline of a checked configuration, not yet run. */
  public static Pipeline build(RunConfig config) {
    TrafficAnalyticsOptions options = config.options();
    Pipeline pipeline = Pipeline.create(options);
    AnalyzeTrafficFiles.Result results =
        pipeline
            .apply(
                "Find input files",
                FileIO.match()
                    .filepattern(options.getInputPath())
                    .withEmptyMatchTreatment(EmptyMatchTreatment.ALLOW_IF_WILDCARD))
            .apply("Open input files", FileIO.readMatches())
            .apply(
                "Analyze traffic",
                AnalyzeTrafficFiles.of(config.analyses(), options.getMaxLineBytes()));

    PCollection<TableRow> deadLetterRows =
        results
            .deadLetters()
            .apply(
                "Dead letters to rows",
                MapElements.into(TypeDescriptor.of(TableRow.class)).via(DeadLetter::toRow))
            .setCoder(TableRowJsonCoder.of());
    PCollection<?> deadLettersWritten =
        deadLetterRows.apply(
            "Write " + DeadLetter.NAME,
            config.deadLetterDestination().writer(DeadLetter.outputTable()));

    // The gate checks the totals only once the dead letters are written: a failed gate tells the
    // user to look at them, and a wrong input is exactly when they are needed.
    @Nullable PCollection<LineCounts> passedGate =
        options.getMaxDeadLetterRatio() == null
            ? null
            : results
                .lineCounts()
                .apply("Wait for the dead letters", Wait.on(deadLettersWritten))
                .apply(
                    "Dead-letter ratio gate",
                    DeadLetterRatioGate.atMost(options.getMaxDeadLetterRatio()));

    for (TrafficAnalysis<?> analysis : config.analyses()) {
      PCollection<TableRow> rows = results.rows(analysis.name());
      if (passedGate != null) {
        rows = rows.apply("Wait for the gate " + analysis.name(), Wait.on(passedGate));
      }
      rows.apply(
          "Write " + analysis.name(),
          config.destinationOf(analysis.name()).writer(analysis.outputTable()));
    }
    return pipeline;
  }

  /** A collection that is complete once a write is: what {@link Wait#on} can wait for. */
  private static void describe(RunConfig config) {
    TrafficAnalyticsOptions options = config.options();
    LOG.info(
        "Mode {} on {}, reading {}",
        config.mode().optionValue(),
        options.getRunner().getSimpleName(),
        options.getInputPath());
    for (TrafficAnalysis<?> analysis : config.analyses()) {
      LOG.info("{} -> {}", analysis.name(), config.destinationOf(analysis.name()).describe());
    }
    LOG.info("dead letters -> {}", config.deadLetterDestination().describe());
    config.notes().forEach(LOG::info);
  }

  /** The one line a run that failed while running prints after {@code error: }. */
  public static String failureLine(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      String load =
          cause.getMessage() == null ? null : BigQueryDestination.explainLoadFailure(cause.getMessage());
      if (load != null) {
        return load;
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return "the run failed: " + rootMessage(e);
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return firstLine(message);
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int end = message.indexOf('\n');
    return end < 0 ? message : message.substring(0, end);
  }

  private TrafficAnalyticsPipeline() {}
}
