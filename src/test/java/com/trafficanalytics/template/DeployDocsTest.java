package com.trafficanalytics.template;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.Test;

/**
 * docs/deploy.md says what the build does: it quotes the command that regenerates the generated
 * files and points to the README's generated options table instead of keeping a copy. Its
 * commands work as written: patterns quoted (zsh expands an unquoted one), no {@code :latest}
 * image, runs staged in the bucket it grants, the dataset role granted as Google documents for
 * datasets. {@code GcloudCommandsIT} checks their flags against the installed gcloud.
 */
public class DeployDocsTest {

  private static final Path DOCS = Path.of("docs", "deploy.md");

  @Test
  public void everyPatternInTheGuidesCommandsIsQuoted() throws IOException {
    List<String> commands = ShellCommands.commandsIn(DOCS);
    assertThat("commands found in " + DOCS, commands.size(), greaterThan(10));
    for (String command : commands) {
      assertThat(
          "quote these words, or zsh stops with \"no matches found\": " + command,
          ShellCommands.unquotedPatterns(command),
          empty());
    }
  }

  /** The check above would catch what zsh expands, and lets through what it leaves alone. */
  @Test
  public void thePatternCheckFindsWhatAShellWouldExpand() {
    for (String expanded :
        List.of(
            "gcloud x --parameters=inputPath=gs://b/logs/*.json.gz,mode=both",
            "ls gs://b/day-?.json",
            "ls gs://b/[ab].json",
            "ls gs://b/logs/{a,b}/x.json",
            "echo \"$(ls gs://b/*.json)\"")) {
      assertThat(expanded, ShellCommands.unquotedPatterns(expanded), hasSize(1));
    }
    for (String quoted :
        List.of(
            "gcloud x --parameters=\"inputPath=gs://$BUCKET/logs/*.json.gz,mode=both\"",
            "gcloud x --parameters='^~^inputPath=gs://b/logs/{a,b}/*.json~mode=both'",
            "gcloud x --filter='tags:release_*' --branch-pattern='^main$'",
            "bucket=\"gs://${bucket%%/*}\" && echo ${path#gs://*/}",
            "if [ \"${_LAUNCH}\" != \"true\" ]; then echo \\*; fi",
            "gcloud x \"traffic-$(date -u +%Y%m%d-%H%M%S)\" # a comment with *")) {
      assertThat(quoted, ShellCommands.unquotedPatterns(quoted), empty());
    }
  }

  @Test
  public void noCommandTakesAMovingLatestImage() throws IOException {
    for (String command : ShellCommands.commandsIn(DOCS)) {
      assertThat(command, not(containsString(":latest")));
    }
  }

  @Test
  public void everyFlexTemplateRunStagesInTheGrantedBucket() throws IOException {
    List<String> runs =
        ShellCommands.commandsIn(DOCS).stream()
            .filter(command -> command.startsWith("gcloud dataflow flex-template run "))
            .collect(Collectors.toList());
    assertThat(runs, not(empty()));
    for (String run : runs) {
      // $BUCKET is the bucket the guide grants the worker account (section 6).
      assertThat(run, containsString(" --staging-location=gs://$BUCKET/"));
      assertThat(run, containsString(" --temp-location=gs://$BUCKET/"));
    }
  }

  @Test
  public void theDatasetRoleIsGrantedTheWayGoogleDocumentsForDatasets() throws IOException {
    List<String> commands = ShellCommands.commandsIn(DOCS);
    for (String command : commands) {
      assertThat(
          "bq add-iam-policy-binding fully supports only tables and views (its own help)",
          command,
          not(containsString("bq add-iam-policy-binding")));
    }
    assertThat(
        commands.stream()
            .filter(c -> c.startsWith("bq ") && c.contains(" query ") && c.contains(" ON SCHEMA "))
            .collect(Collectors.toList()),
        hasSize(1));
  }

  @Test
  public void thePropertyTableShowsThePinnedLauncherBase() throws IOException {
    assertThat(
        Files.readString(DOCS, StandardCharsets.UTF_8),
        containsString(
            "| `template.base.version` | `"
                + PomProperties.read().get("template.base.version")
                + "` |"));
  }

  public void itQuotesTheCommandThatRegeneratesTheGeneratedFiles() throws IOException {
    assertThat(
        Files.readString(DOCS, StandardCharsets.UTF_8),
        containsString(TemplateFiles.REGENERATE_COMMAND));
  }

  @Test
  public void itKeepsNoCopyOfTheParameterTable() throws IOException {
    String docs = Files.readString(DOCS, StandardCharsets.UTF_8);
    assertThat(docs, not(containsString("| Parameter |")));
    assertThat(docs, containsString("README.md#options"));
  }
}
