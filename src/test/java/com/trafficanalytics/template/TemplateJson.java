package com.trafficanalytics.template;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.trafficanalytics.options.Choice;
import com.trafficanalytics.template.OptionParameters.Parameter;
import java.util.List;
import java.util.Map;

/**
 * The template metadata (the Dataflow API's {@code TemplateMetadata} message, as {@code gcloud
 * dataflow flex-template build --metadata-file} reads it) and the Flex Template spec that embeds
 * it, written from the {@linkplain OptionParameters parameters}.
 */
public final class TemplateJson {

  /** The template's name in the Console. */
  public static final String NAME = "Traffic Analytics";

  /** The template's description in the Console. */
  public static final String DESCRIPTION =
      "Turns newline-delimited JSON web-server events into traffic tables: one row per user"
          + " (user_traffic), one row per event-time window (minute_traffic), or both from one"
          + " pass over the input. Results go to BigQuery tables or to newline-delimited JSON files"
          + " in Cloud Storage; every rejected line is kept as a dead letter with the reason.";

  /** The image the committed spec names: the Artifact Registry form, with words to replace. */
  public static final String PLACEHOLDER_IMAGE =
      "REGION-docker.pkg.dev/PROJECT/REPOSITORY/traffic-analytics:TAG";

  /**
   * Labels put on every job launched from the template (and so on its workers and their disks),
   * which lets billing reports and the Dataflow job list pick out this product's jobs.
   */
  public static final Map<String, String> JOB_LABELS = Map.of("app", "traffic-analytics");

  /** The flags that make {@code gcloud dataflow flex-template build} write the same spec. */
  public static final String GCLOUD_BUILD_FLAGS =
      "--sdk-language=JAVA --additional-user-labels=app=traffic-analytics";

  private static final Gson GSON =
      new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

  private TemplateJson() {}

  /** The metadata file's text: pretty-printed JSON ending in a newline. */
  public static String metadataFile(List<Parameter> parameters) {
    return GSON.toJson(metadata(parameters)) + "\n";
  }

  /** The spec file's text for {@code image}, with the fields in the order gcloud writes them. */
  public static String specFile(List<Parameter> parameters, String image) {
    JsonObject sdkInfo = new JsonObject();
    sdkInfo.addProperty("language", "JAVA");
    JsonObject labels = new JsonObject();
    JOB_LABELS.forEach(labels::addProperty);
    JsonObject defaultEnvironment = new JsonObject();
    defaultEnvironment.add("additionalUserLabels", labels);

    JsonObject spec = new JsonObject();
    spec.addProperty("image", image);
    spec.add("sdkInfo", sdkInfo);
    spec.add("metadata", metadata(parameters));
    spec.add("defaultEnvironment", defaultEnvironment);
    return GSON.toJson(spec) + "\n";
  }

  private static JsonObject metadata(List<Parameter> parameters) {
    JsonArray array = new JsonArray();
    parameters.forEach(parameter -> array.add(parameterMetadata(parameter)));
    JsonObject metadata = new JsonObject();
    metadata.addProperty("name", NAME);
    metadata.addProperty("description", DESCRIPTION);
    metadata.add("parameters", array);
    return metadata;
  }

  private static JsonObject parameterMetadata(Parameter parameter) {
    JsonObject json = new JsonObject();
    json.addProperty("name", parameter.name());
    json.addProperty("label", parameter.label());
    json.addProperty("helpText", parameter.helpText());
    json.addProperty("paramType", parameter.type().name());
    json.addProperty("isOptional", !parameter.required());
    parameter.defaultValue().ifPresent(value -> json.addProperty("defaultValue", value));
    parameter.parentName().ifPresent(parent -> json.addProperty("parentName", parent));
    if (!parameter.parentTriggerValues().isEmpty()) {
      json.add("parentTriggerValues", strings(parameter.parentTriggerValues()));
    }
    if (!parameter.choices().isEmpty()) {
      JsonArray options = new JsonArray();
      for (Choice option : parameter.choices()) {
        JsonObject jsonOption = new JsonObject();
        jsonOption.addProperty("value", option.value());
        jsonOption.addProperty("label", option.label());
        jsonOption.addProperty("description", option.description());
        options.add(jsonOption);
      }
      json.add("enumOptions", options);
    }
    json.add("regexes", strings(parameter.regexes()));
    return json;
  }

  private static JsonArray strings(List<String> values) {
    JsonArray array = new JsonArray();
    values.forEach(array::add);
    return array;
  }
}
