package com.trafficanalytics.template;

import static com.trafficanalytics.template.TemplateImage.CLASSPATH_VARIABLE;
import static com.trafficanalytics.template.TemplateImage.JAVA_OPTIONS_VARIABLE;
import static com.trafficanalytics.template.TemplateImage.MAIN_CLASS_VARIABLE;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Starts the application in the image the way the Flex Template launcher does: {@code java}, the
 * image's {@code FLEX_TEMPLATE_JAVA_OPTIONS}, {@code -cp FLEX_TEMPLATE_JAVA_CLASSPATH}, then {@code
 * FLEX_TEMPLATE_JAVA_MAIN_CLASS} and the arguments, in a JVM of its own.
 *
 * <p>The classpath is read from the image and its entries are taken from the unpacked image, so a
 * wrong variable, a jar at another place or a jar that lacks the main class fails here as it would
 * fail every launch. The JVM is this machine's Java 17, standing in for the base image's.
 */
public final class Launcher {

  /** A finished run: its exit code and everything it printed. */
  public static final class Run {
    private final List<String> command;
    private final int exitCode;
    private final String output;

    Run(List<String> command, int exitCode, String output) {
      this.command = command;
      this.exitCode = exitCode;
      this.output = output;
    }

    public int exitCode() {
      return exitCode;
    }

    public String output() {
      return output;
    }

    /** For assertion messages: the command and the end of the output. */
    @Override
    public String toString() {
      int from = Math.max(0, output.length() - 6000);
      return "exit "
          + exitCode
          + " of\n  "
          + String.join(" ", command)
          + "\noutput"
          + (from > 0 ? " (last 6000 characters)" : "")
          + ":\n"
          + output.substring(from);
    }
  }

  private Launcher() {}

  /** Runs the image's main class with {@code arguments}, in {@code workingDirectory}. */
  public static Run run(List<String> arguments, Path workingDirectory, Duration timeout)
      throws IOException, InterruptedException {
    Map<String, String> environment = TemplateImage.tarball().environment();
    Path root = TemplateImage.root();

    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    String javaOptions = environment.getOrDefault(JAVA_OPTIONS_VARIABLE, "").trim();
    if (!javaOptions.isEmpty()) {
      command.addAll(Arrays.asList(javaOptions.split("\\s+")));
    }
    command.add("-cp");
    command.add(
        Arrays.stream(environment.get(CLASSPATH_VARIABLE).split(":"))
            .map(entry -> ImageTarball.inUnpacked(root, entry).toString())
            .collect(Collectors.joining(File.pathSeparator)));
    command.add(environment.get(MAIN_CLASS_VARIABLE));
    command.addAll(arguments);

    Path log = Files.createTempFile(workingDirectory, "launch", ".log");
    Process process =
        new ProcessBuilder(command)
            .directory(workingDirectory.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
      throw new AssertionError(
          "still running after "
              + timeout
              + ": "
              + String.join(" ", command)
              + "\n"
              + Files.readString(log, StandardCharsets.UTF_8));
    }
    return new Run(command, process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
  }
}
