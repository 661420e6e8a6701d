package com.trafficanalytics.template;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.beam.sdk.util.SerializableUtils;
import org.apache.beam.sdk.util.StringUtils;
import org.xerial.snappy.SnappyInputStream;

/**
 * A Dataflow job as the DataflowRunner writes it to {@code --templateLocation}: the v1b3 {@code
 * Job} JSON that the service would receive, with its steps (the translated pipeline).
 */
public final class DataflowJob {

  /** One step of the job. */
  public static final class Step {
    private final JsonObject json;

    Step(JsonObject json) {
      this.json = json;
    }

    /** The step id, such as {@code s12}. */
    public String name() {
      return json.get("name").getAsString();
    }

    /** The kind, such as {@code ParallelDo}, {@code GroupByKey} or {@code CombineValues}. */
    public String kind() {
      return json.get("kind").getAsString();
    }

    private JsonObject properties() {
      return json.getAsJsonObject("properties");
    }

    /** The full transform name, such as {@code Write user_traffic/BatchLoads/...}. */
    public String userName() {
      JsonElement name = properties().get("user_name");
      return name.isJsonObject()
          ? name.getAsJsonObject().get("value").getAsString()
          : name.getAsString();
    }

    /** The top-level transform this step belongs to: the user name up to the first slash. */
    public String topLevel() {
      return userName().split("/", 2)[0];
    }

    /** The ids of the steps whose outputs this step reads as its main input(s). */
    public List<String> inputSteps() {
      List<String> inputs = new ArrayList<>();
      JsonElement parallel = properties().get("parallel_input");
      if (parallel != null) {
        inputs.add(parallel.getAsJsonObject().get("step_name").getAsString());
      }
      JsonElement many = properties().get("inputs");
      if (many != null) {
        for (JsonElement input : many.getAsJsonArray()) {
          inputs.add(input.getAsJsonObject().get("step_name").getAsString());
        }
      }
      return inputs;
    }

    /**
     * The output name this step reads from its (first) main input, such as {@code dead-letters}.
     */
    public Optional<String> inputOutputName() {
      JsonElement parallel = properties().get("parallel_input");
      return parallel == null
          ? Optional.empty()
          : Optional.of(parallel.getAsJsonObject().get("output_name").getAsString());
    }

    /** A boolean property, such as {@code disallow_combiner_lifting}. */
    public Optional<Boolean> booleanProperty(String name) {
      JsonElement property = properties().get(name);
      if (property == null) {
        return Optional.empty();
      }
      return Optional.of(
          property.isJsonObject()
              ? property.getAsJsonObject().get("value").getAsBoolean()
              : property.getAsBoolean());
    }

    /**
     * Whether the step carries a Java-serialized function: a DoFn (ParallelDo) or a CombineFn
     * (CombineValues). Other kinds' {@code serialized_fn} hold windowing strategies in the runner's
     * own encoding.
     */
    public boolean hasFunction() {
      return properties().has("serialized_fn")
          && (kind().equals("ParallelDo") || kind().equals("CombineValues"));
    }

    private byte[] functionBytes() {
      JsonElement fn = properties().get("serialized_fn");
      String encoded =
          fn.isJsonObject() ? fn.getAsJsonObject().get("value").getAsString() : fn.getAsString();
      return StringUtils.jsonStringToByteArray(encoded);
    }

    /**
     * The step's function, deserialized as a Dataflow worker deserializes it: this is where a
     * function that serialized but cannot be read back (or a missing class) shows up.
     */
    public Object function() {
      return SerializableUtils.deserializeFromByteArray(functionBytes(), "the function of " + this);
    }

    /**
     * The serialized function's bytes, decompressed. Java serialization writes class names and
     * strings as plain UTF-8, so this tells which classes and which constants a step carries.
     */
    public String functionText() {
      try (SnappyInputStream in =
          new SnappyInputStream(new ByteArrayInputStream(functionBytes()))) {
        return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** The display data items' values, by key, such as {@code launchesBigQueryJobs}. */
    public Map<String, String> displayData() {
      Map<String, String> items = new LinkedHashMap<>();
      JsonElement data = properties().get("display_data");
      if (data != null) {
        for (JsonElement item : data.getAsJsonArray()) {
          JsonObject object = item.getAsJsonObject();
          items.put(object.get("key").getAsString(), String.valueOf(object.get("value")));
        }
      }
      return items;
    }

    @Override
    public String toString() {
      return name() + " " + kind() + " '" + userName() + "'";
    }
  }

  private final JsonObject json;
  private final List<Step> steps;

  private DataflowJob(JsonObject json) {
    this.json = json;
    List<Step> steps = new ArrayList<>();
    for (JsonElement step : json.getAsJsonArray("steps")) {
      steps.add(new Step(step.getAsJsonObject()));
    }
    this.steps = List.copyOf(steps);
  }

  /** Reads the job the DataflowRunner wrote to {@code templateFile}. */
  public static DataflowJob read(Path templateFile) throws IOException {
    return new DataflowJob(
        JsonParser.parseString(Files.readString(templateFile, StandardCharsets.UTF_8))
            .getAsJsonObject());
  }

  public JsonObject json() {
    return json;
  }

  public String type() {
    return json.get("type").getAsString();
  }

  public String name() {
    return json.get("name").getAsString();
  }

  public Map<String, String> labels() {
    Map<String, String> labels = new LinkedHashMap<>();
    JsonObject object = json.getAsJsonObject("labels");
    if (object != null) {
      object.entrySet().forEach(e -> labels.put(e.getKey(), e.getValue().getAsString()));
    }
    return labels;
  }

  public JsonObject environment() {
    return json.getAsJsonObject("environment");
  }

  /** The pipeline options the workers will see, by name. */
  public JsonObject workerOptions() {
    return environment().getAsJsonObject("sdkPipelineOptions").getAsJsonObject("options");
  }

  /** The files staged for the workers (the application jar). */
  public List<String> stagedPackages() {
    List<String> packages = new ArrayList<>();
    JsonArray pools = environment().getAsJsonArray("workerPools");
    for (JsonElement pool : pools) {
      JsonArray list = pool.getAsJsonObject().getAsJsonArray("packages");
      if (list != null) {
        list.forEach(p -> packages.add(p.getAsJsonObject().get("location").getAsString()));
      }
    }
    return packages;
  }

  public List<Step> steps() {
    return steps;
  }

  public List<Step> steps(Predicate<Step> filter) {
    return steps.stream().filter(filter).collect(Collectors.toList());
  }

  /** The step with id {@code name}. */
  public Step step(String name) {
    return steps.stream()
        .filter(s -> s.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no step " + name));
  }

  /** The steps that read an output of {@code producer}. */
  public List<Step> consumersOf(Step producer) {
    return steps(s -> s.inputSteps().contains(producer.name()));
  }
}
