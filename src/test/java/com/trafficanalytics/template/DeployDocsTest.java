package com.trafficanalytics.template;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.google.gson.Gson;
import com.google.gson.reflect.TypeToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.Test;

/**
 * docs/deploy.md says what the build does: it quotes the command that regenerates the generated
 * files and points to the README's generated options table instead of keeping a copy. Its commands
 * work as written: patterns quoted (zsh expands an unquoted one), no {@code :latest} image, runs
 * staged in the bucket it grants, the dataset role granted as Google documents for datasets, the
 * APIs of Google's tutorial enabled, and the daily schedule's request a launch of this template for
 * yesterday. {@code GcloudCommandsIT} checks their flags against the installed gcloud.
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

  @Test
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

  @Test
  public void itEnablesTheApisOfGooglesFlexTemplateTutorial() throws IOException {
    List<String> enables =
        ShellCommands.commandsIn(DOCS).stream()
            .filter(command -> command.startsWith("gcloud services enable "))
            .collect(Collectors.toList());
    assertThat(enables, not(empty()));
    // "Build and run an example Flex Template", Before you begin: Cloud Logging among them.
    for (String api :
        List.of(
            "dataflow",
            "compute_component",
            "logging",
            "storage_component",
            "storage_api",
            "cloudresourcemanager.googleapis.com",
            "artifactregistry.googleapis.com")) {
      assertThat(List.of(enables.get(0).split("\\s+")), hasItem(api));
    }
  }

  /** The names of the REST API's FlexTemplateRuntimeEnvironment fields this guide may use. */
  private static final Set<String> RUNTIME_ENVIRONMENT =
      Set.of(
          "serviceAccountEmail",
          "tempLocation",
          "stagingLocation",
          "network",
          "subnetwork",
          "maxWorkers",
          "numWorkers",
          "machineType",
          "additionalUserLabels",
          "workerRegion",
          "workerZone",
          "ipConfiguration");

  @Test
  @SuppressWarnings("unchecked")
  public void theDailyScheduleLaunchesTheTemplateForYesterday() throws IOException {
    Map<String, String> files = ShellCommands.hereDocuments(DOCS);
    List<String> schedulers =
        ShellCommands.commandsIn(DOCS).stream()
            .filter(command -> command.startsWith("gcloud scheduler jobs create http "))
            .collect(Collectors.toList());
    assertThat(schedulers, hasSize(1));
    String scheduler = schedulers.get(0);
    assertThat(
        scheduler,
        containsString(
            " --uri=\"https://dataflow.googleapis.com/v1b3/projects/$PROJECT/locations/$REGION"
                + "/flexTemplates:launch\" "));
    assertThat(scheduler, containsString(" --http-method=post "));
    // Google APIs take an OAuth token, not an OIDC one.
    assertThat(scheduler, containsString(" --oauth-service-account-email="));
    assertThat(scheduler, not(containsString("--oidc-")));
    Matcher body = Pattern.compile(" --message-body-from-file=(\\S+)").matcher(scheduler);
    assertTrue(scheduler, body.find());
    assertThat("the here-documents of " + DOCS, files, hasKey(body.group(1)));

    Map<String, Object> request =
        new Gson()
            .fromJson(files.get(body.group(1)), new TypeToken<Map<String, Object>>() {}.getType());
    assertEquals(Set.of("launchParameter"), request.keySet());
    Map<String, Object> launch = (Map<String, Object>) request.get("launchParameter");
    assertThat(
        Set.of("jobName", "containerSpecGcsPath", "parameters", "environment"),
        equalTo(launch.keySet()));
    assertEquals("$TEMPLATE", launch.get("containerSpecGcsPath"));

    Map<String, Object> parameters = (Map<String, Object>) launch.get("parameters");
    Set<String> templateParameters =
        OptionParameters.all().stream().map(p -> p.name()).collect(Collectors.toSet());
    for (String name : parameters.keySet()) {
      assertThat("a template parameter", templateParameters, hasItem(name));
    }
    assertEquals("yesterday", parameters.get("runDate"));
    assertThat((String) parameters.get("inputPath"), containsString("/{date}/"));

    Map<String, Object> environment = (Map<String, Object>) launch.get("environment");
    for (String name : environment.keySet()) {
      assertThat("a FlexTemplateRuntimeEnvironment field", RUNTIME_ENVIRONMENT, hasItem(name));
    }
    assertEquals("$WORKER_SA", environment.get("serviceAccountEmail"));
    // The bucket the guide grants the worker account, as for every flex-template run.
    assertThat((String) environment.get("stagingLocation"), startsWith("gs://$BUCKET/"));
    assertThat((String) environment.get("tempLocation"), startsWith("gs://$BUCKET/"));
  }
}
