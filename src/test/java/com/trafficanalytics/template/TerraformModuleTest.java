package com.trafficanalytics.template;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.not;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import com.bertramlabs.plugins.hcl4j.HCLParser;
import com.bertramlabs.plugins.hcl4j.RuntimeSymbols.NumberPrimitiveType;
import com.bertramlabs.plugins.hcl4j.RuntimeSymbols.StringPrimitiveType;
import com.trafficanalytics.template.OptionParameters.Parameter;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.Test;

/**
 * The Terraform module in {@code terraform/}, checked as far as it can be without the Google
 * provider (which cannot be downloaded here): {@code terraform fmt} parses and checks the layout,
 * and a Java HCL parser (hcl4j) reads the variables and follows each parameter's value to the job.
 */
public class TerraformModuleTest {

  private static final Path MODULE = Path.of("terraform");
  private static final Path DOCS = Path.of("docs", "deploy.md");

  /** The job's {@code parameters}: the parameter map less its null (unset) entries. */
  private static final Pattern JOB_PARAMETERS =
      Pattern.compile(
          "parameters\\s*=\\s*\\{\\s*for\\s+(\\w+)\\s*,\\s*(\\w+)\\s+in\\s+local\\."
              + TerraformVariables.LOCAL
              + "\\s*:\\s*\\1\\s*=>\\s*\\2\\s+if\\s+\\2\\s*!=\\s*null\\s*}");

  /** The example module block of docs/deploy.md. */
  private static final Pattern DOCS_EXAMPLE =
      Pattern.compile("```hcl\\n(module \"traffic_analytics\" \\{.*?\\n})\\n```", Pattern.DOTALL);

  private static String moduleText() throws Exception {
    try (Stream<Path> files = Files.list(MODULE)) {
      List<Path> tf =
          files.filter(f -> f.toString().endsWith(".tf")).sorted().collect(Collectors.toList());
      StringBuilder all = new StringBuilder();
      for (Path file : tf) {
        all.append(Files.readString(file, StandardCharsets.UTF_8)).append("\n");
      }
      return all.toString();
    }
  }

  /** The module as hcl4j reads it, with {@code var.NAME} bound to {@code values}. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> parse(String text, Map<String, Object> values)
      throws Exception {
    HCLParser parser = new HCLParser();
    // Terraform's tostring on a number: its shortest decimal text; tostring(null) is null.
    parser.registerFunction(
        "tostring",
        arguments -> {
          Object value = arguments.get(0);
          return value instanceof Number
              ? new BigDecimal(value.toString()).stripTrailingZeros().toPlainString()
              : value;
        });
    parser.setVariables(values);
    return parser.parse(text);
  }

  /** Every local value: hcl4j gives one map for one locals block, a list of maps for several. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> locals(Map<String, Object> module) {
    Object blocks = module.get("locals");
    Map<String, Object> all = new HashMap<>();
    for (Object block : blocks instanceof List ? (List<Object>) blocks : List.of(blocks)) {
      all.putAll((Map<String, Object>) block);
    }
    return all;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Map<String, Object>> variables(Map<String, Object> module) {
    return (Map<String, Map<String, Object>>) (Map<?, ?>) module.get("variable");
  }

  @Test
  public void terraformFmtFindsNothingToChange() throws Exception {
    String terraform = TerraformConsole.binary().orElse(null);
    assumeTrue("no terraform binary on this machine", terraform != null);
    Process fmt =
        new ProcessBuilder(terraform, "fmt", "-check", "-recursive", "-diff", MODULE.toString())
            .redirectErrorStream(true)
            .start();
    // A guard against a hang, not a speed check: fmt takes well under a second.
    assertTrue("terraform fmt did not finish", fmt.waitFor(2, TimeUnit.MINUTES));
    String output = new String(fmt.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(
        "terraform fmt -check -recursive terraform/ (run `terraform fmt -recursive terraform/`,"
            + " or regenerate parameters.tf) said:\n"
            + output,
        0,
        fmt.exitValue());
  }

  @Test
  public void everyParameterIsAVariableOfItsType() throws Exception {
    Map<String, Map<String, Object>> variables = variables(parse(moduleText(), Map.of()));
    for (Parameter parameter : OptionParameters.all()) {
      Map<String, Object> variable = variables.get(parameter.name());
      assertTrue("no variable " + parameter.name(), variable != null);
      boolean number = Number.class.isAssignableFrom(parameter.javaType());
      assertThat(
          parameter.name(),
          variable.get("type"),
          instanceOf(number ? NumberPrimitiveType.class : StringPrimitiveType.class));
      if (parameter.required()) {
        assertThat(parameter.name() + " is required", variable, not(hasKey("default")));
      } else {
        assertThat(parameter.name() + " is optional", variable, hasKey("default"));
        assertNull(parameter.name() + ": unset means unset", variable.get("default"));
      }
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  public void everyParameterReachesTheJobUnderItsName() throws Exception {
    // Each variable gets the parameter's example (numbers as numbers, as Terraform reads them);
    // the module's parameter map must then hold exactly those values, as strings.
    Map<String, Object> values = new HashMap<>();
    for (Parameter parameter : OptionParameters.all()) {
      values.put(
          parameter.name(),
          Number.class.isAssignableFrom(parameter.javaType())
              ? (Object) Double.valueOf(parameter.example())
              : parameter.example());
    }
    Map<String, Object> module = parse(moduleText(), values);
    Map<String, Object> parameters =
        (Map<String, Object>) locals(module).get(TerraformVariables.LOCAL);
    Map<String, Object> expected = new HashMap<>();
    OptionParameters.all().forEach(p -> expected.put(p.name(), p.example()));
    assertEquals(expected, parameters);

    // hcl4j does not evaluate for-expressions, so the last step is read as text.
    Map<String, Object> job =
        (Map<String, Object>)
            ((Map<String, Object>)
                    ((Map<String, Object>) module.get("resource"))
                        .get("google_dataflow_flex_template_job"))
                .get("traffic_analytics");
    assertThat(job, hasKey("parameters"));
    Matcher matcher = JOB_PARAMETERS.matcher(moduleText());
    assertTrue("main.tf: the job's parameters must be " + JOB_PARAMETERS, matcher.find());
  }

  @Test
  public void theDocsExamplesSetOnlyDeclaredVariablesAndEveryRequiredOne() throws Exception {
    Matcher example = DOCS_EXAMPLE.matcher(Files.readString(DOCS, StandardCharsets.UTF_8));
    int examples = 0;
    while (example.find()) {
      examples++;
      checkExample(example.group(1));
    }
    // The one-off run and the daily schedule.
    assertEquals(DOCS + ": ```hcl module \"traffic_analytics\" examples", 2, examples);
  }

  private static void checkExample(String example) throws Exception {
    @SuppressWarnings("unchecked")
    Map<String, Object> arguments =
        (Map<String, Object>)
            ((Map<String, Object>) parse(example, Map.of()).get("module")).get("traffic_analytics");
    Map<String, Map<String, Object>> variables = variables(parse(moduleText(), Map.of()));

    Set<String> given = new TreeSet<>(arguments.keySet());
    given.remove("source");
    Set<String> unknown = new TreeSet<>(given);
    unknown.removeAll(variables.keySet());
    assertThat("arguments the module does not declare", unknown, empty());
    variables.forEach(
        (name, variable) -> {
          if (!variable.containsKey("default")) {
            assertThat("the example must set the required " + name, given, hasItem(name));
          }
        });
  }

  // ---- The daily schedule (schedule.tf, launch_request.tf) ----

  /** The one-off job's arguments that set where and how it runs, by their REST API names. */
  private static final Map<String, String> JOB_SETTINGS_BY_REST_NAME =
      Map.of(
          "service_account_email", "serviceAccountEmail",
          "temp_location", "tempLocation",
          "staging_location", "stagingLocation",
          "network", "network",
          "subnetwork", "subnetwork",
          "max_workers", "maxWorkers",
          "machine_type", "machineType",
          "labels", "additionalUserLabels");

  /** The job's arguments that name the job rather than set how it runs. */
  private static final Set<String> JOB_IDENTITY =
      Set.of("provider", "count", "project", "region", "name", "container_spec_gcs_path");

  private static final Pattern RESOURCE = Pattern.compile("(?m)^resource \"(\\w+)\" \"(\\w+)\"");

  private static String file(String name) throws IOException {
    return Files.readString(MODULE.resolve(name), StandardCharsets.UTF_8);
  }

  /** Where the bracket at {@code open} closes, skipping quoted strings. */
  private static int closing(String text, int open) {
    int depth = 0;
    boolean quoted = false;
    for (int i = open; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          quoted = false;
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == '{' || c == '[' || c == '(') {
        depth++;
      } else if ((c == '}' || c == ']' || c == ')') && --depth == 0) {
        return i;
      }
    }
    throw new AssertionError("unbalanced brackets from: " + text.substring(open));
  }

  /** The text of {@code resource "TYPE" "NAME" { … }} in a file of the module. */
  private static String resource(String fileText, String type, String name) {
    String header = "resource \"" + type + "\" \"" + name + "\" {";
    int start = fileText.indexOf(header);
    assertTrue("no " + header, start >= 0);
    return fileText.substring(start, closing(fileText, start + header.length() - 1) + 1);
  }

  /** Every expression given to an attribute in a block, as one line of text. */
  private static List<String> expressions(String block, String attribute) {
    Matcher matcher = Pattern.compile("(?m)^\\s*" + attribute + "\\s*=\\s*").matcher(block);
    List<String> found = new ArrayList<>();
    while (matcher.find()) {
      int from = matcher.end();
      char first = block.charAt(from);
      int end = first == '{' || first == '[' ? closing(block, from) + 1 : block.indexOf('\n', from);
      found.add(block.substring(from, end).replaceAll("\\s*\\n\\s*", " ").trim());
    }
    return found;
  }

  private static String expression(String block, String attribute) {
    List<String> found = expressions(block, attribute);
    assertEquals(attribute + " in:\n" + block, 1, found.size());
    return found.get(0);
  }

  /** The job settings and a schedule; the template's parameters are added by each test. */
  private static Map<String, Object> scheduled() {
    Map<String, Object> values = new HashMap<>();
    values.put("project", "my-project");
    values.put("region", "europe-west1");
    values.put("name", "traffic-analytics-daily");
    values.put(
        "container_spec_gcs_path", "gs://my-project-dataflow/templates/traffic-analytics.json");
    values.put("service_account_email", "traffic-analytics@my-project.iam.gserviceaccount.com");
    values.put("schedule", "0 6 * * *");
    return values;
  }

  /** The schedule's request body as Cloud Scheduler would send it: base64-decoded, as JSON. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> launchParameter(Map<String, Object> evaluated) {
    String body =
        new String(
            Base64.getDecoder().decode((String) evaluated.get("body")), StandardCharsets.UTF_8);
    Map<String, Object> request = TerraformConsole.json(body);
    assertEquals(
        "the request holds launchParameter only", Set.of("launchParameter"), request.keySet());
    return (Map<String, Object>) request.get("launchParameter");
  }

  private static String scheduleJob() throws IOException {
    return resource(file("schedule.tf"), "google_cloud_scheduler_job", "daily");
  }

  private static String oneOffJob() throws IOException {
    return resource(file("main.tf"), "google_dataflow_flex_template_job", "traffic_analytics");
  }

  @Test
  public void theConsoleFilesHoldOnlyVariablesAndLocals() throws Exception {
    for (String name : TerraformConsole.VARIABLES_AND_LOCALS) {
      Set<String> kinds = new TreeSet<>(parse(file(name), Map.of()).keySet());
      kinds.removeAll(Set.of("variable", "locals"));
      assertThat(name + " must evaluate without a provider", kinds, empty());
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  public void theScheduleLaunchesWithEveryParameterAndSettingOfTheOneOffJob() throws Exception {
    assumeTrue("no terraform binary on this machine", TerraformConsole.binary().isPresent());
    Map<String, Object> values = scheduled();
    Map<String, Object> expectedParameters = new HashMap<>();
    for (Parameter parameter : OptionParameters.all()) {
      // today, not the schedule's default: a parameter that is set must arrive as set.
      String value = parameter.name().equals("runDate") ? "today" : parameter.example();
      expectedParameters.put(parameter.name(), value);
      values.put(
          parameter.name(),
          Number.class.isAssignableFrom(parameter.javaType()) ? Double.valueOf(value) : value);
    }
    Map<String, Object> settings = new HashMap<>();
    settings.put("temp_location", "gs://my-project-dataflow/temp");
    settings.put("staging_location", "gs://my-project-dataflow/staging");
    settings.put("network", "traffic");
    settings.put("subnetwork", "regions/europe-west1/subnetworks/traffic");
    settings.put("max_workers", 10.0);
    settings.put("machine_type", "n2-standard-4");
    settings.put("labels", Map.of("team", "web"));
    values.putAll(settings);

    String job = oneOffJob();
    String schedule = scheduleJob();
    Map<String, Object> evaluated =
        TerraformConsole.evaluate(
            values,
            Map.of(
                "job", expression(job, "parameters"),
                "body", expression(schedule, "body"),
                "uri", expression(schedule, "uri")));
    Map<String, Object> launch = launchParameter(evaluated);

    assertEquals(expectedParameters, evaluated.get("job"));
    assertEquals(
        "the schedule's parameters are the job's", evaluated.get("job"), launch.get("parameters"));
    assertEquals("traffic-analytics-daily", launch.get("jobName"));
    assertEquals(values.get("container_spec_gcs_path"), launch.get("containerSpecGcsPath"));
    assertEquals(
        "https://dataflow.googleapis.com/v1b3/projects/my-project/locations/europe-west1"
            + "/flexTemplates:launch",
        evaluated.get("uri"));

    // Every argument of the one-off job that sets how it runs reaches the request's environment.
    Map<String, Object> jobArguments =
        (Map<String, Object>)
            ((Map<String, Object>)
                    ((Map<String, Object>) parse(moduleText(), Map.of()).get("resource"))
                        .get("google_dataflow_flex_template_job"))
                .get("traffic_analytics");
    Set<String> jobSettings = new TreeSet<>(jobArguments.keySet());
    jobSettings.removeAll(JOB_IDENTITY);
    jobSettings.remove("parameters");
    assertEquals(
        "main.tf's job settings; a new one needs its REST name in launch_request.tf and here",
        new TreeSet<>(JOB_SETTINGS_BY_REST_NAME.keySet()),
        jobSettings);
    Map<String, Object> expectedEnvironment = new HashMap<>();
    JOB_SETTINGS_BY_REST_NAME.forEach(
        (argument, restName) -> {
          assertEquals("var." + argument, expression(job, argument));
          expectedEnvironment.put(restName, values.get(argument));
        });
    assertEquals(expectedEnvironment, launch.get("environment"));
  }

  @Test
  public void theScheduleRunsYesterdayUnlessTodayIsAsked() throws Exception {
    assumeTrue("no terraform binary on this machine", TerraformConsole.binary().isPresent());
    String body = expression(scheduleJob(), "body");
    for (String runDate : new String[] {null, "today", "yesterday"}) {
      Map<String, Object> values = scheduled();
      values.put("inputPath", "gs://my-project-dataflow/logs/{date}/*.json.gz");
      if (runDate != null) {
        values.put("runDate", runDate);
      }
      Map<String, Object> launch =
          launchParameter(TerraformConsole.evaluate(values, Map.of("body", body)));
      assertEquals(
          "runDate " + runDate,
          Map.of(
              "inputPath",
              "gs://my-project-dataflow/logs/{date}/*.json.gz",
              "runDate",
              runDate == null ? "yesterday" : runDate),
          launch.get("parameters"));
      // Unset settings are left out, as the one-off job leaves them to Dataflow.
      assertEquals(
          Map.of(
              "serviceAccountEmail", values.get("service_account_email"),
              "additionalUserLabels", Map.of()),
          launch.get("environment"));
    }
  }

  @Test
  public void theScheduleRefusesAFixedDayAndAMissingWorkerAccount() throws Exception {
    assumeTrue("no terraform binary on this machine", TerraformConsole.binary().isPresent());
    List<String> conditions = expressions(scheduleJob(), "condition");
    assertThat(conditions, not(empty()));
    String all = "alltrue([" + String.join(", ", conditions) + "])";

    Map<String, Object> fine = scheduled();
    fine.put("inputPath", "gs://my-project-dataflow/logs/{date}/*.json.gz");
    for (String runDate : new String[] {null, "today", "yesterday"}) {
      Map<String, Object> values = new HashMap<>(fine);
      values.put("runDate", runDate);
      assertEquals(
          "runDate " + runDate,
          true,
          TerraformConsole.evaluate(values, Map.of("ok", all)).get("ok"));
    }
    Map<String, Object> fixedDay = new HashMap<>(fine);
    fixedDay.put("runDate", "2026-03-05");
    assertEquals(false, TerraformConsole.evaluate(fixedDay, Map.of("ok", all)).get("ok"));
    Map<String, Object> noWorker = new HashMap<>(fine);
    noWorker.put("service_account_email", null);
    assertEquals(false, TerraformConsole.evaluate(noWorker, Map.of("ok", all)).get("ok"));
  }

  @Test
  public void theScheduleIsOffUnlessSetAndReplacesTheOneOffRun() throws Exception {
    // Without a binary, at least: off by default.
    assertTrue(variables(parse(moduleText(), Map.of())).get("schedule").containsKey("default"));
    assertNull(variables(parse(moduleText(), Map.of())).get("schedule").get("default"));
    assumeTrue("no terraform binary on this machine", TerraformConsole.binary().isPresent());

    String scheduleFile = file("schedule.tf");
    Map<String, String> counts = new HashMap<>();
    Matcher resource = RESOURCE.matcher(scheduleFile);
    while (resource.find()) {
      String block = resource(scheduleFile, resource.group(1), resource.group(2));
      counts.put(resource.group(2), expression(block, "count"));
    }
    assertThat("schedule.tf's resources", counts.size(), greaterThan(4));
    counts.put("one_off_job", expression(oneOffJob(), "count"));

    Map<String, Object> off = scheduled();
    off.remove("schedule");
    off.put("inputPath", "gs://my-project-dataflow/logs/2026-03-05/*.json.gz");
    Map<String, Object> on = scheduled();
    on.put("inputPath", "gs://my-project-dataflow/logs/{date}/*.json.gz");
    Map<String, Object> withoutSchedule = TerraformConsole.evaluate(off, counts);
    Map<String, Object> withSchedule = TerraformConsole.evaluate(on, counts);
    for (String name : counts.keySet()) {
      boolean job = name.equals("one_off_job");
      assertEquals(name + " without a schedule", job ? 1.0 : 0.0, withoutSchedule.get(name));
      assertEquals(name + " with a schedule", job ? 0.0 : 1.0, withSchedule.get(name));
    }
  }
}
