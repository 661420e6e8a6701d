package com.trafficanalytics.template;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.in;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.trafficanalytics.options.TrafficAnalyticsOptions;
import com.trafficanalytics.template.TemplateMetadata.EnumOption;
import com.trafficanalytics.template.TemplateMetadata.Parameter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.beam.runners.dataflow.DataflowRunner;
import org.apache.beam.runners.dataflow.options.DataflowPipelineOptions;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.Test;

/**
 * The launch contract between the generated template metadata and the pipeline's options.
 *
 * <p>The metadata is generated from the options ({@link TemplateFiles}); these checks hold the
 * result to what Dataflow and the pipeline accept, so a wrong annotation fails the build.
 *
 * <p>The Flex Template launcher checks each value against the metadata, then calls {@code main}
 * with Dataflow's own options plus every parameter as {@code --name=value}. A parameter the options
 * do not know fails every launch; an option with no parameter cannot be set from the Console; a
 * regex that rejects its own example, or a default that differs from the option's, misleads the
 * person filling in the form. Each test here turns one of those into a build failure.
 */
public class TemplateMetadataTest {

  private static final TemplateMetadata METADATA = TemplateMetadata.load();

  /** What the launcher puts before the user's parameters (values as a launch would have them). */
  private static final List<String> LAUNCHER_ARGUMENTS =
      List.of(
          "--runner=DataflowRunner",
          "--project=my-project",
          "--region=us-central1",
          "--jobName=traffic-analytics-20260305",
          "--templateLocation=gs://my-bucket/staging/template_launches/job/job_object",
          "--stagingLocation=gs://my-bucket/staging",
          "--tempLocation=gs://my-bucket/temp",
          "--labels={\"goog-dataflow-provided-template-type\":\"flex\"}",
          "--serviceAccount=traffic@my-project.iam.gserviceaccount.com");

  /** Keys of the Dataflow API's TemplateMetadata message. */
  private static final Set<String> TEMPLATE_KEYS =
      Set.of(
          "name",
          "description",
          "parameters",
          "streaming",
          "supportsAtLeastOnce",
          "supportsExactlyOnce",
          "defaultStreamingMode",
          "yamlDefinition");

  /** Keys of the Dataflow API's ParameterMetadata message. */
  private static final Set<String> PARAMETER_KEYS =
      Set.of(
          "name",
          "label",
          "helpText",
          "isOptional",
          "regexes",
          "paramType",
          "customMetadata",
          "groupName",
          "parentName",
          "parentTriggerValues",
          "enumOptions",
          "defaultValue",
          "hiddenUi");

  /** Values of the Dataflow API's ParameterType enum. */
  private static final Set<String> PARAM_TYPES =
      Set.of(
          "DEFAULT",
          "TEXT",
          "GCS_READ_BUCKET",
          "GCS_WRITE_BUCKET",
          "GCS_READ_FILE",
          "GCS_WRITE_FILE",
          "GCS_READ_FOLDER",
          "GCS_WRITE_FOLDER",
          "PUBSUB_TOPIC",
          "PUBSUB_SUBSCRIPTION",
          "BIGQUERY_TABLE",
          "JAVASCRIPT_UDF_FILE",
          "SERVICE_ACCOUNT",
          "MACHINE_TYPE",
          "KMS_KEY_NAME",
          "WORKER_REGION",
          "WORKER_ZONE",
          "BOOLEAN",
          "ENUM",
          "NUMBER",
          "KAFKA_TOPIC",
          "KAFKA_READ_TOPIC",
          "KAFKA_WRITE_TOPIC");

  /** Values every parameter of a type must refuse: the mistakes a person is likely to make. */
  private static final Map<String, List<String>> WRONG_VALUES =
      Map.of(
          "ENUM", List.of("BOTH", "all", " both"),
          "BOOLEAN", List.of("True", "yes", "1", ""),
          "GCS_READ_FILE", List.of("/home/me/events.json", "gs://", "gs://bucket-only"),
          "GCS_WRITE_FOLDER", List.of("/tmp/traffic", "output", "gs://"),
          "GCS_WRITE_FILE", List.of("/tmp/report.html", "report.html", "gs://", "gs://bucket-only"),
          "BIGQUERY_TABLE",
              List.of("user_traffic", "my-project:logs", "logs/user_traffic", "My_Project:l.t"),
          "NUMBER", List.of("-1", "sixty", "1e3", "1,000"),
          "TEXT", List.of("2026-3-5", "2026/03/05", "last week", "Yesterday"));

  /** The mode that runs every analysis; each per-analysis parameter must show for it too. */
  private static final String ALL_ANALYSES = "both";

  /** Our options, by property name, as Beam derives them from the getters. */
  private static Map<String, Method> ourOptions() {
    Map<String, Method> options = new TreeMap<>();
    for (Method method : TrafficAnalyticsOptions.class.getDeclaredMethods()) {
      String name = method.getName();
      if (method.getParameterCount() == 0 && name.startsWith("get") && name.length() > 3) {
        options.put(Character.toLowerCase(name.charAt(3)) + name.substring(4), method);
      }
    }
    return options;
  }

  private static String descriptionOf(String option) {
    Description description = ourOptions().get(option).getAnnotation(Description.class);
    return description == null ? "" : description.value();
  }

  private static Object valueOf(TrafficAnalyticsOptions options, String option) {
    try {
      return ourOptions().get(option).invoke(options);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  private static String exampleOf(Parameter parameter) {
    return parameter
        .example()
        .orElseThrow(() -> new AssertionError(parameter + ": helpText has no 'Example: '"));
  }

  @Test
  public void everyOptionOfOursHasAParameterAndThereIsNoOther() {
    Set<String> parameters =
        METADATA.parameters().stream().map(Parameter::name).collect(Collectors.toSet());
    assertEquals(
        "parameters must be exactly the options declared by TrafficAnalyticsOptions",
        ourOptions().keySet(),
        new TreeSet<>(parameters));
    assertEquals("duplicate parameter names", METADATA.parameters().size(), parameters.size());
  }

  @Test
  public void theFileUsesOnlyFieldsAndTypesTheDataflowApiDefines() {
    JsonObject json = METADATA.json();
    assertThat(json.keySet(), everyItem(is(in(TEMPLATE_KEYS))));
    assertFalse("name", METADATA.name().isBlank());
    assertFalse("description", METADATA.description().isBlank());
    for (JsonElement element : json.getAsJsonArray("parameters")) {
      JsonObject parameter = element.getAsJsonObject();
      String where = "parameter " + parameter.get("name");
      assertThat(where, parameter.keySet(), everyItem(is(in(PARAMETER_KEYS))));
      assertThat(where, parameter.get("paramType").getAsString(), is(in(PARAM_TYPES)));
      assertTrue(
          where + ": isOptional must be a boolean",
          parameter.get("isOptional").isJsonPrimitive()
              && parameter.get("isOptional").getAsJsonPrimitive().isBoolean());
    }
    for (Parameter parameter : METADATA.parameters()) {
      assertFalse(parameter + ": label", parameter.label().isBlank());
      exampleOf(parameter);
      assertThat(parameter + ": regexes", parameter.regexes(), not(empty()));
      assertEquals(
          parameter + ": enumOptions go with paramType ENUM, and only with it",
          "ENUM".equals(parameter.paramType()),
          !parameter.enumOptions().isEmpty());
    }
  }

  @Test
  public void onlyTheInputIsRequired() {
    // The options themselves decide what else a run needs (a table or a folder per analysis), and
    // say so in one line; a required field in the form could not express "one of these two".
    List<String> required =
        METADATA.parameters().stream()
            .filter(p -> !p.isOptional())
            .map(Parameter::name)
            .collect(Collectors.toList());
    assertEquals(List.of("inputPath"), required);
  }

  @Test
  public void theOptionsAcceptALaunchWithEveryParameter() {
    List<String> arguments = new ArrayList<>(LAUNCHER_ARGUMENTS);
    for (Parameter parameter : METADATA.parameters()) {
      arguments.add("--" + parameter.name() + "=" + exampleOf(parameter));
    }

    TrafficAnalyticsOptions options =
        PipelineOptionsFactory.fromArgs(arguments.toArray(new String[0]))
            .withValidation()
            .as(TrafficAnalyticsOptions.class);

    for (Parameter parameter : METADATA.parameters()) {
      assertEquals(
          parameter + " as the pipeline reads it",
          exampleOf(parameter),
          String.valueOf(valueOf(options, parameter.name())));
    }
    DataflowPipelineOptions dataflow = options.as(DataflowPipelineOptions.class);
    assertEquals(DataflowRunner.class, dataflow.getRunner());
    assertEquals("my-project", dataflow.getProject());
    assertEquals(
        "gs://my-bucket/staging/template_launches/job/job_object", dataflow.getTemplateLocation());
    assertEquals(Map.of("goog-dataflow-provided-template-type", "flex"), dataflow.getLabels());
  }

  @Test
  public void theCommandLineHelpShowsEveryParameterWithTheSameHelpText() {
    // --help=TrafficAnalyticsOptions prints Beam's @Description, the text the form shows too.
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PipelineOptionsFactory.printHelp(
        new PrintStream(bytes, true, StandardCharsets.UTF_8), TrafficAnalyticsOptions.class);
    String help = bytes.toString(StandardCharsets.UTF_8).replaceAll("\\s+", " ");
    for (Parameter parameter : METADATA.parameters()) {
      assertThat(help, containsString("--" + parameter.name() + "="));
      String description = descriptionOf(parameter.name()).replaceAll("\\s+", " ");
      assertThat(help, containsString(description));
      assertTrue(
          parameter + ": the form's help text is the option's description and example",
          parameter.helpText().startsWith(description + " Example: "));
    }
  }

  @Test
  public void aParameterTheOptionsDoNotKnowFailsTheLaunch() {
    // The other side of the test above: the options parser is strict, so "accepted" means known.
    List<String> arguments = new ArrayList<>(LAUNCHER_ARGUMENTS);
    arguments.add("--inputFile=gs://my-bucket/events.json");
    assertThrows(
        IllegalArgumentException.class,
        () ->
            PipelineOptionsFactory.fromArgs(arguments.toArray(new String[0]))
                .as(TrafficAnalyticsOptions.class));
  }

  @Test
  public void regexesAcceptTheirOwnExamples() {
    for (Parameter parameter : METADATA.parameters()) {
      assertTrue(
          parameter + " rejects its own example " + exampleOf(parameter),
          parameter.accepts(exampleOf(parameter)));
    }
  }

  @Test
  public void regexesRejectTheLikelyMistakes() {
    for (Parameter parameter : METADATA.parameters()) {
      List<String> wrong = WRONG_VALUES.get(parameter.paramType());
      assertTrue(
          parameter + ": no wrong values listed for " + parameter.paramType(), wrong != null);
      for (String value : wrong) {
        assertFalse(parameter + " accepts '" + value + "'", parameter.accepts(value));
      }
    }
  }

  @Test
  public void regexesMeanTheSameInRe2() {
    // The form and the launch check values on Google's side, where RE2 is the usual engine. RE2
    // refuses some Java syntax outright (lookaround, back-references, repeat counts over 1000),
    // which would break the template for everyone; re2j is RE2's Java port.
    for (Parameter parameter : METADATA.parameters()) {
      List<String> values = new ArrayList<>(WRONG_VALUES.get(parameter.paramType()));
      values.add(exampleOf(parameter));
      parameter.defaultValue().ifPresent(values::add);
      for (String regex : parameter.regexes()) {
        com.google.re2j.Pattern re2;
        try {
          re2 = com.google.re2j.Pattern.compile(regex);
        } catch (com.google.re2j.PatternSyntaxException e) {
          throw new AssertionError(parameter + ": RE2 cannot compile " + regex, e);
        }
        for (String value : values) {
          assertEquals(
              parameter + ": RE2 and Java disagree on '" + value + "' for " + regex,
              Pattern.compile(regex).matcher(value).matches(),
              re2.matches(value));
        }
      }
    }
  }

  @Test
  public void numbersTheRegexesAcceptFitTheOptionsType() {
    // The largest value a NUMBER regex lets through must still parse as the option's type, or
    // the form would pass a value that then fails the launch.
    for (Parameter parameter : METADATA.parameters()) {
      if (!"NUMBER".equals(parameter.paramType())) {
        continue;
      }
      Class<?> type = ourOptions().get(parameter.name()).getReturnType();
      List<String> values = type == Integer.class ? List.of("999999999", "1") : List.of("1", "0.5");
      for (String value : values) {
        assertTrue(parameter + " rejects " + value, parameter.accepts(value));
        TrafficAnalyticsOptions options =
            PipelineOptionsFactory.fromArgs("--" + parameter.name() + "=" + value)
                .as(TrafficAnalyticsOptions.class);
        assertEquals(
            parameter + " as " + type.getSimpleName(),
            type,
            valueOf(options, parameter.name()).getClass());
      }
    }
  }

  @Test
  public void defaultsAgreeWithTheOptions() {
    TrafficAnalyticsOptions defaults =
        PipelineOptionsFactory.fromArgs().as(TrafficAnalyticsOptions.class);
    for (Parameter parameter : METADATA.parameters()) {
      Object optionDefault = valueOf(defaults, parameter.name());
      assertEquals(
          parameter + ": defaultValue must be the option's @Default (or absent when it has none)",
          Optional.ofNullable(optionDefault).map(String::valueOf),
          parameter.defaultValue());
      parameter
          .defaultValue()
          .ifPresent(
              value -> assertTrue(parameter + " rejects its default", parameter.accepts(value)));
    }
  }

  @Test
  public void enumOptionsAreDescribedAndAcceptedByTheRegexes() {
    for (Parameter parameter : METADATA.parameters()) {
      for (EnumOption option : parameter.enumOptions()) {
        assertTrue(
            parameter + " rejects its option " + option.value(), parameter.accepts(option.value()));
        assertFalse(parameter + "/" + option.value() + ": label", option.label().isBlank());
        assertFalse(
            parameter + "/" + option.value() + ": description", option.description().isBlank());
      }
      if (!parameter.enumOptions().isEmpty()) {
        List<String> values =
            parameter.enumOptions().stream().map(EnumOption::value).collect(Collectors.toList());
        assertThat(parameter + ": example", exampleOf(parameter), is(in(values)));
        parameter
            .defaultValue()
            .ifPresent(d -> assertThat(parameter + ": default", d, is(in(values))));
      }
    }
  }

  @Test
  public void perAnalysisParametersShowOnlyForTheModesThatRunTheirAnalysis() {
    // Derived from the options' own descriptions: an option that speaks of some analyses but not
    // all belongs to those analyses, so the Console shows it only for the modes that run them.
    Parameter mode = METADATA.parameter("mode");
    List<String> analyses =
        mode.enumOptions().stream()
            .map(EnumOption::value)
            .filter(value -> !value.equals(ALL_ANALYSES))
            .collect(Collectors.toList());
    assertThat(
        mode.enumOptions().stream().map(EnumOption::value).collect(Collectors.toList()),
        hasItem(ALL_ANALYSES));

    for (Parameter parameter : METADATA.parameters()) {
      String description = descriptionOf(parameter.name());
      Set<String> named =
          analyses.stream()
              .filter(
                  analysis -> Pattern.compile("\\b" + analysis + "\\b").matcher(description).find())
              .collect(Collectors.toCollection(TreeSet::new));
      if (parameter == mode || named.isEmpty() || named.size() == analyses.size()) {
        assertEquals(
            parameter + " applies to every mode", Optional.empty(), parameter.parentName());
        assertThat(parameter + ": parentTriggerValues", parameter.parentTriggerValues(), empty());
      } else {
        named.add(ALL_ANALYSES);
        assertEquals(parameter + ": parentName", Optional.of("mode"), parameter.parentName());
        assertEquals(
            parameter + ": parentTriggerValues",
            named,
            new TreeSet<>(parameter.parentTriggerValues()));
      }
    }
  }
}
