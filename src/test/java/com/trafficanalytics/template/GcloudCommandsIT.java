package com.trafficanalytics.template;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThan;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Every {@code gcloud} and {@code bq} command of docs/deploy.md and of cloudbuild.yaml's scripts
 * names commands and flags that exist, checked with the installed Google Cloud CLI.
 *
 * <p>gcloud runs here in an empty configuration with no account and no network: it parses the
 * whole command line first (an unknown command or flag, a missing required flag or a bad value is
 * exit status 2 and "unrecognized arguments" or "argument ...") and only then asks for an account.
 * Reaching "You do not currently have an active account selected" therefore proves a command
 * parses, and nothing can act on a project. bq asks for the account before it reads its flags, so
 * its commands are checked against {@code bq help} instead. Without gcloud the test is skipped.
 */
public class GcloudCommandsIT {

  private static final Path DOCS = Path.of("docs", "deploy.md");
  private static final String NO_ACCOUNT = "You do not currently have an active account selected";
  private static final Pattern FLAG = Pattern.compile("^--(?:no)?([a-z][a-z_]*)(?:=.*)?$");

  private static Path sandbox;
  private static Path workspace;

  @BeforeClass
  public static void needsGcloud() throws IOException {
    assumeTrue("gcloud is not installed: nothing to check against", onPath("gcloud"));
    sandbox = Files.createTempDirectory("gcloud-sandbox");
    // Where the commands run: a copy of the files they read (gcloud reads a --metadata-file, a
    // --config or a --message-body-from-file while parsing), and the digest the image step leaves
    // behind, so that no command packs up or reads this working copy.
    workspace = Files.createDirectories(sandbox.resolve("workspace"));
    Files.createDirectories(workspace.resolve("target"));
    Files.writeString(workspace.resolve("target/jib-image.digest"), "sha256:" + "0".repeat(64));
    Files.createDirectories(workspace.resolve(TemplateMetadata.FILE).getParent());
    Files.copy(TemplateMetadata.FILE, workspace.resolve(TemplateMetadata.FILE));
    Files.copy(CloudBuildConfig.FILE, workspace.resolve(CloudBuildConfig.FILE));
    // The files the guide's here-documents write (the scheduler's request body), which gcloud
    // reads while parsing --message-body-from-file.
    for (Map.Entry<String, String> file : ShellCommands.hereDocuments(DOCS).entrySet()) {
      Files.writeString(workspace.resolve(file.getKey()), file.getValue());
    }
  }

  private static boolean onPath(String program) {
    for (String folder : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(folder, program))) {
        return true;
      }
    }
    return false;
  }

  /** The result of one command: exit status and everything it printed. */
  private static final class Outcome {
    final String command;
    final int status;
    final String output;

    Outcome(String command, int status, String output) {
      this.command = command;
      this.status = status;
      this.output = output;
    }

    @Override
    public String toString() {
      return "exit " + status + " from: " + command + "\n" + output;
    }
  }

  /**
   * Runs a script with bash in a folder of its own, gcloud pointed at an empty configuration and a
   * throw-away home (so no file of the user's is read or written) and never prompting.
   */
  private static Outcome run(String script, Path folder) throws Exception {
    ProcessBuilder bash = new ProcessBuilder("bash", "-c", script).directory(folder.toFile());
    Map<String, String> environment = bash.environment();
    environment.keySet().removeIf(name -> name.matches("(CLOUDSDK|GOOGLE)_.*"));
    environment.put("HOME", Files.createDirectories(sandbox.resolve("home")).toString());
    environment.put("CLOUDSDK_CONFIG", sandbox.resolve("config").toString());
    environment.put("CLOUDSDK_CORE_DISABLE_PROMPTS", "1");
    environment.put("CLOUDSDK_CORE_CHECK_GCE_METADATA", "false");
    bash.redirectErrorStream(true);
    bash.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    Process process = bash.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(3, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("timed out: " + script);
    }
    return new Outcome(script, process.exitValue(), output);
  }

  /** Whether gcloud parsed the command: it got as far as wanting an account, or needed none. */
  private static boolean parsed(Outcome outcome) {
    return outcome.status != 2
        && !outcome.output.contains("unrecognized arguments")
        && !outcome.output.contains("Invalid choice")
        && (outcome.status == 0 || outcome.output.contains(NO_ACCOUNT));
  }

  /** Runs the scripts a few at a time (each gcloud start takes seconds) and lists the failures. */
  private static List<Outcome> unparsed(List<String> scripts, Path folder) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Future<Outcome>> outcomes = new ArrayList<>();
      for (String script : scripts) {
        outcomes.add(pool.submit(() -> run(script, folder)));
      }
      List<Outcome> failed = new ArrayList<>();
      for (Future<Outcome> outcome : outcomes) {
        if (!parsed(outcome.get())) {
          failed.add(outcome.get());
        }
      }
      return failed;
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  public void everyGcloudCommandInTheGuideParses() throws Exception {
    List<String> commands = ShellCommands.commandsIn(DOCS);
    // The guide's own variables (export PROJECT=..., SA=...), so each command reads as written.
    String variables =
        commands.stream().filter(ShellCommands::isAssignment).collect(Collectors.joining("\n"));
    // One command per command and set of flags: gcloud checks which flags a command takes, not
    // the roles or names given to them, and each start takes seconds.
    Map<String, String> distinct = new TreeMap<>();
    commands.stream()
        .filter(command -> command.startsWith("gcloud "))
        .forEach(command -> distinct.putIfAbsent(shape(command), command));
    List<String> scripts =
        distinct.values().stream()
            .map(command -> variables + "\n" + command)
            .collect(Collectors.toList());
    assertThat("distinct gcloud commands in " + DOCS, scripts.size(), greaterThan(10));
    assertThat(unparsed(scripts, workspace), empty());
  }

  /** A command's words up to its first flag, and the names of its flags. */
  private static String shape(String command) {
    StringBuilder words = new StringBuilder();
    Set<String> flags = new TreeSet<>();
    for (String word : command.split("\\s+")) {
      if (word.startsWith("--")) {
        flags.add(word.replaceAll("=.*", ""));
      } else if (flags.isEmpty()) {
        words.append(word).append(' ');
      }
    }
    return words + flags.toString();
  }

  @Test
  public void everyGcloudCommandOfTheBuildParses() throws Exception {
    CloudBuildConfig config = CloudBuildConfig.load();
    Map<String, String> values =
        config.values(
            Map.of("PROJECT_ID", "my-project", "BUILD_ID", "b-1"),
            Map.of(
                "_LAUNCH", "true",
                "_INPUT_PATH", "gs://my-project-dataflow/samples/events.json",
                "_OUTPUT_DIRECTORY", "gs://my-project-dataflow/smoke",
                "_SERVICE_ACCOUNT", "traffic-analytics@my-project.iam.gserviceaccount.com"));
    List<String> scripts = new ArrayList<>();
    for (String step : List.of("template", "launch")) {
      scripts.add(CloudBuildConfig.substitute(config.script(step), values));
    }
    assertThat(unparsed(scripts, workspace), empty());
  }

  @Test
  public void everyBqCommandInTheGuideNamesRealFlags() throws Exception {
    String globalFlags = run("bq --helpfull", sandbox).output;
    List<String> commands =
        ShellCommands.commandsIn(DOCS).stream()
            .filter(command -> command.startsWith("bq "))
            .collect(Collectors.toList());
    assertThat(commands.size(), greaterThan(1));
    for (String command : commands) {
      // bq [global flags] COMMAND [command flags] [args]; flags here take no spaces.
      List<String> words = List.of(command.split("\\s+"));
      int commandAt = 1;
      while (words.get(commandAt).startsWith("-")) {
        commandAt++;
      }
      String name = words.get(commandAt);
      String help = run("bq help " + name, sandbox).output;
      assertTrue(
          "bq has no command " + name + ": " + command,
          Pattern.compile("(?m)^" + Pattern.quote(name) + "\\s{2,}").matcher(help).find());
      for (int i = 1; i < words.size(); i++) {
        Matcher flag = FLAG.matcher(words.get(i));
        if (!flag.matches()) {
          continue;
        }
        String where = i < commandAt ? globalFlags : help + globalFlags;
        String flagName = flag.group(1);
        assertTrue(
            "bq " + (i < commandAt ? "" : name + " ") + "has no --" + flagName + ": " + command,
            where.contains("--" + flagName + ":") || where.contains("--[no]" + flagName + ":"));
      }
    }
  }
}
