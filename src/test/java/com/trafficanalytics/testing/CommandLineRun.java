package com.trafficanalytics.testing;

import com.trafficanalytics.TrafficAnalyticsPipeline;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One run of the job as {@code main} runs it ({@link TrafficAnalyticsPipeline#execute}), with the
 * DirectRunner's enforcement checks on, as every test keeps them: its exit code and what it
 * printed.
 *
 * @param exitCode 0, 1 (failed while running) or 2 (refused before anything was written)
 * @param console everything the run printed on its console
 */
public record CommandLineRun(int exitCode, String console) {

  /** Runs the job with {@code args}. */
  public static CommandLineRun of(String... args) {
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    List<String> all = new ArrayList<>(Arrays.asList(args));
    all.add("--enforceImmutability=true");
    all.add("--enforceEncodability=true");
    int exitCode =
        TrafficAnalyticsPipeline.execute(
            all.toArray(String[]::new), new PrintStream(console, true, StandardCharsets.UTF_8));
    return new CommandLineRun(exitCode, console.toString(StandardCharsets.UTF_8));
  }
}
