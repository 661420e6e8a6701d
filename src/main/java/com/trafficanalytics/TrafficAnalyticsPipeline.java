package com.trafficanalytics;

import com.google.api.services.bigquery.model.TableRow;
import com.trafficanalytics.analysis.KeySpace;
import com.trafficanalytics.deadletter.DeadLetter;
import com.trafficanalytics.options.InvalidOptionException;
import com.trafficanalytics.options.Mode;
import com.trafficanalytics.options.TrafficAnalyticsOptions;
import com.trafficanalytics.quality.DeadLetterRatioGate;
import com.trafficanalytics.read.AnalyzeTrafficFiles;
import com.trafficanalytics.read.InputSize;
import com.trafficanalytics.read.LineCounts;
import com.trafficanalytics.sinks.BigQueryDestination;
import com.trafficanalytics.sinks.OutputClaim;
import com.trafficanalytics.sinks.UnusableOutputException;
import java.io.PrintStream;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.beam.runners.dataflow.options.DataflowPipelineOptions;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryIO;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryServices;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryServicesImpl;
import org.apache.beam.sdk.io.gcp.bigquery.TableRowJsonCoder;
import org.apache.beam.sdk.options.PipelineOptions;
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
 *
 * <p>This is the composition root: it checks the options ({@link OptionChecks}, {@link
 * InputFiles}), places the outputs ({@link OutputPlan}), picks the analyses ({@link Analyses}) and
 * joins the reader, the analyses and the sinks into one pipeline.
 */
public final class TrafficAnalyticsPipeline {
  private static final Logger LOG = LoggerFactory.getLogger(TrafficAnalyticsPipeline.class);

  /** Exit code of a run whose options were wrong; nothing was written. */
  public static final int EXIT_BAD_OPTIONS = 2;

  /** Exit code of a run that failed while running. */
  public static final int EXIT_FAILED = 1;

  /** Runs the job; see the README for the options, or pass {@code --help=TrafficAnalyticsOptions}. */
  public static void main(String[] args) {
    LocalOptionsRegistry.limitTo(args);
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
    return execute(args, console, Clock.systemUTC());
  }

  /** {@link #execute(String[], PrintStream)} on the day {@code clock} gives ({@code --runDate}). */
  static int execute(String[] args, PrintStream console, Clock clock) {
    TrafficAnalyticsOptions options;
    try {
      PipelineOptionsFactory.register(TrafficAnalyticsOptions.class);
      OptionChecks.checkArguments(args);
      options =
          PipelineOptionsFactory.fromArgs(withLocalDefaults(args))
              .withValidation()
              .as(TrafficAnalyticsOptions.class);
    } catch (InvalidOptionException e) {
      return badOptions(console, e.getMessage());
    } catch (IllegalArgumentException e) {
      return badOptions(
          console,
          firstLine(e.getMessage()) + " (list the options with --help=TrafficAnalyticsOptions)");
    }
    CheckedRun run;
    try {
      run = check(options, BigQueryIO::writeTableRows, new BigQueryServicesImpl(), clock);
    } catch (InvalidOptionException e) {
      return badOptions(console, e.getMessage());
    }
    boolean waits = waitsForCompletion(options);
    if (waits) {
      LocalLogging.configure();
      if (isDirect(options)) {
        // Lets main poll the counters for progress lines instead of blocking inside run().
        options.as(DirectOptions.class).setBlockOnRun(false);
      }
    }
    describe(options, run);
    OutputClaim claim;
    try {
      claim =
          OutputClaim.acquire(writesTemplateOnly(options) ? List.of() : run.plan().destinations());
    } catch (UnusableOutputException e) {
      console.println("traffic-analytics: error: " + e.getMessage());
      return EXIT_BAD_OPTIONS;
    }
    try (claim) {
      PipelineResult result = build(options, run.plan()).run();
      if (!waits) {
        LOG.info("Submitted; the job runs on {}", options.getRunner().getSimpleName());
        return 0;
      }
      return new RunMonitor(result, run.plan(), run.inputFiles(), console).waitAndReport()
          ? 0
          : EXIT_FAILED;
    } catch (RuntimeException e) {
      String output = claim.explainFailure(e);
      console.println("traffic-analytics: error: " + (output != null ? output : failureLine(e)));
      return EXIT_FAILED;
    }
  }

  /**
   * Checks {@code options}, builds the job and starts it: the one seam through which tests put
   * test doubles in, as Google's Dataflow templates do with {@code run(options, write)}.
   *
   * @param bigQueryWrite the write every BigQuery load starts from: {@code
   *     BigQueryIO.writeTableRows()} for the real service, as {@code main} gives; tests give it
   *     with Beam's fake services ({@code withTestServices})
   * @throws InvalidOptionException when the options cannot work; nothing is written then
   */
  public static PipelineResult run(
      TrafficAnalyticsOptions options, BigQueryIO.Write<TableRow> bigQueryWrite)
      throws InvalidOptionException {
    return run(options, bigQueryWrite, new BigQueryServicesImpl());
  }

  /**
   * {@link #run(TrafficAnalyticsOptions, BigQueryIO.Write)}, with the BigQuery services through
   * which a dated run ({@code --runDate}) looks up its existing tables before it starts. Beam keeps
   * a write's own services package-private, so tests that give the write fake services give the
   * same services here; without {@code --runDate} no table is looked up.
   */
  public static PipelineResult run(
      TrafficAnalyticsOptions options,
      BigQueryIO.Write<TableRow> bigQueryWrite,
      BigQueryServices bigQueryServices)
      throws InvalidOptionException {
    return build(
            options,
            check(options, () -> bigQueryWrite, bigQueryServices, Clock.systemUTC()).plan())
        .run();
  }

  /** What a run was checked and planned to be before it starts. */
  record CheckedRun(OutputPlan plan, int inputFiles, List<String> notes) {}

  /**
   * Whether this launch only writes a template file ({@code --templateLocation}): not a run, so
   * its output folders are neither checked nor claimed here.
   */
  private static boolean writesTemplateOnly(PipelineOptions options) {
    return options.as(DataflowPipelineOptions.class).getTemplateLocation() != null;
  }

  // Package-private, as is build, for bench/.../PipelineSteps, which counts the steps it builds.
  static CheckedRun check(
      TrafficAnalyticsOptions options,
      Supplier<BigQueryIO.Write<TableRow>> bigQueryWrite,
      BigQueryServices bigQueryServices,
      Clock clock)
      throws InvalidOptionException {
    // Output folders and the input pattern are resolved below: gs:// needs the GCS file system.
    FileSystems.setDefaultPipelineOptions(options);
    List<String> notes = OptionChecks.check(options);
    // Resolved once, here, so that every later step sees the day and the files of this run.
    Optional<LocalDate> runDate = RunDate.resolve(options.getRunDate(), clock);
    runDate.ifPresent(date -> options.setRunDate(date.toString()));
    options.setInputPath(RunDate.withDate("inputPath", options.getInputPath(), runDate));
    options.setReportPath(RunDate.withDate("reportPath", options.getReportPath(), runDate));
    Mode mode = OptionChecks.mode(options.getMode());
    OutputPlan plan = OutputPlan.of(options, Analyses.of(mode, options), bigQueryWrite);
    List<String> inputFiles = InputFiles.match(options.getInputPath());
    if (!writesTemplateOnly(options)) {
      plan.checkUsable(options, inputFiles);
      if (runDate.isPresent()) {
        // Only a dated run needs the tables' layout; an undated run looks nothing up, as before.
        ExistingTables.check(plan, options, bigQueryServices);
      }
    }
    return new CheckedRun(plan, inputFiles.size(), notes);
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

  /** Whether the run is on Dataflow, where {@code main} submits the job and returns. */
  static boolean isDataflow(PipelineOptions options) {
    return options.getRunner().getSimpleName().contains("Dataflow");
  }

  /**
   * Whether {@code main} waits for the run: it does on a local runner; on Dataflow, and whenever a
   * template is being written, it returns right after submitting.
   */
  private static boolean waitsForCompletion(PipelineOptions options) {
    return !isDataflow(options)
        && options.as(DataflowPipelineOptions.class).getTemplateLocation() == null;
  }

  /** The pipeline of checked options and their output plan, not yet run. */
  static Pipeline build(TrafficAnalyticsOptions options, OutputPlan plan) {
    Pipeline pipeline = Pipeline.create(options);
    PCollection<MatchResult.Metadata> files =
        pipeline.apply(
            "Find input files",
            FileIO.match()
                .filepattern(options.getInputPath())
                .withEmptyMatchTreatment(EmptyMatchTreatment.ALLOW_IF_WILDCARD));
    AnalyzeTrafficFiles.Result results =
        files
            .apply("Open input files", FileIO.readMatches())
            .apply(
                "Analyze traffic", analyzeTrafficFiles(options, plan));

    // A block of one row each: dead letters are few, and each may hold a long line.
    PCollection<List<TableRow>> deadLetterRows =
        results
            .deadLetters()
            .apply(
                "Dead letters to rows",
                MapElements.into(new TypeDescriptor<List<TableRow>>() {})
                    .via((DeadLetter deadLetter) -> List.of(deadLetter.toRow())))
            .setCoder(ListCoder.of(TableRowJsonCoder.of()));
    PCollection<?> deadLettersWritten =
        deadLetterRows.apply(
            "Write " + DeadLetter.NAME, plan.deadLetters().writer(DeadLetter.outputTable()));

    // report.html from the merged rows, the line counts and the dead letters.
    @Nullable PCollection<String> reportWritten = RunReport.apply(options, plan, results, files);

    // The gate checks the totals only once the dead letters (and the report) are written: a
    // failed gate tells the user to look at them, and a wrong input is exactly when they are
    // needed.
    List<PCollection<?>> gateWaitsFor = new ArrayList<>(List.of(deadLettersWritten));
    if (reportWritten != null) {
      gateWaitsFor.add(reportWritten);
    }
    @Nullable PCollection<LineCounts> passedGate =
        options.getMaxDeadLetterRatio() == null
            ? null
            : results
                .lineCounts()
                .apply(
                    "Wait for the dead letters",
                    Wait.on(gateWaitsFor.toArray(PCollection<?>[]::new)))
                .apply(
                    "Dead-letter ratio gate",
                    DeadLetterRatioGate.atMost(options.getMaxDeadLetterRatio()));

    for (OutputPlan.Result output : plan.results()) {
      String name = output.analysis().name();
      PCollection<List<TableRow>> rows = results.rows(name);
      if (passedGate != null) {
        rows = rows.apply("Wait for the gate " + name, Wait.on(passedGate));
      }
      rows.apply("Write " + name, output.destination().writer(output.analysis().outputTable()));
    }
    return pipeline;
  }

  /**
   * The reading and merging of the input, sized once, here. On Dataflow: the default chunks (the
   * unit of dynamic work rebalancing) and keys sized from the input's bytes, so that they spread
   * over workers. On the DirectRunner, one process: one key per thread and chunks for one split
   * per thread, because that runner pays for every key's and every chunk's bundle through
   * the later steps (see docs/scale.md and docs/profile.md).
   */
  private static AnalyzeTrafficFiles analyzeTrafficFiles(
      TrafficAnalyticsOptions options, OutputPlan plan) {
    AnalyzeTrafficFiles analyze = AnalyzeTrafficFiles.of(plan.analyses(), options.getMaxLineBytes());
    if (!isDirect(options)) {
      return analyze.withKeySpace(InputSize.keySpaceFor(options.getInputPath()));
    }
    int threads = options.as(DirectOptions.class).getTargetParallelism();
    return analyze
        .withKeySpace(KeySpace.forOneProcess(threads))
        .withChunkBytes(InputSize.chunkBytesForOneProcess(options.getInputPath(), threads))
        .withChunksPerSplit(1);
  }

  /**
   * How many files each output folder gets: the runner's choice on Dataflow (0), one per thread
   * on the DirectRunner, where letting the runner choose adds steps that wait on a side input
   * (see {@link com.trafficanalytics.sinks.FolderDestination#withFiles}).
   */
  static int filesPerFolder(PipelineOptions options) {
    return isDirect(options) ? options.as(DirectOptions.class).getTargetParallelism() : 0;
  }

  private static boolean isDirect(PipelineOptions options) {
    return options.getRunner().getSimpleName().equals("DirectRunner");
  }

  private static void describe(TrafficAnalyticsOptions options, CheckedRun run) {
    LOG.info(
        "Mode {} on {}, reading {} ({} files)",
        options.getMode(),
        options.getRunner().getSimpleName(),
        options.getInputPath(),
        run.inputFiles());
    for (OutputPlan.Result output : run.plan().results()) {
      LOG.info("{} -> {}", output.analysis().name(), output.destination().describe());
    }
    LOG.info("dead letters -> {}", run.plan().deadLetters().describe());
    run.notes().forEach(LOG::info);
  }

  private static int badOptions(PrintStream console, String message) {
    console.println("traffic-analytics: error: " + message);
    return EXIT_BAD_OPTIONS;
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
