package com.trafficanalytics.template;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A typed, read-only view of {@code metadata/traffic-analytics-metadata.json}, the template's
 * parameters as the Dataflow API's {@code TemplateMetadata} and {@code ParameterMetadata} messages
 * define them. The file is generated ({@link TemplateFiles}); the tests read it as Dataflow would.
 */
public final class TemplateMetadata {

  /** The metadata file, relative to the project directory. */
  public static final Path FILE = TemplateFiles.METADATA;

  private static final Gson GSON = new Gson();

  /** Everything after the last "Example: " in a help text, up to the end. */
  private static final Pattern EXAMPLE = Pattern.compile(".*Example: (\\S.*)$", Pattern.DOTALL);

  /** The file's fields, as Gson fills them; a missing key stays null. */
  private static final class Fields {
    String name;
    String description;
    List<Parameter> parameters;
  }

  /** One {@code ParameterMetadata} entry. */
  public static final class Parameter {
    String name;
    String label;
    String helpText;
    String paramType;
    Boolean isOptional;
    String defaultValue;
    List<String> regexes;
    String parentName;
    List<String> parentTriggerValues;
    List<EnumOption> enumOptions;

    public String name() {
      return name;
    }

    public String label() {
      return label;
    }

    public String helpText() {
      return helpText;
    }

    public String paramType() {
      return paramType;
    }

    /** As the Dataflow service reads an absent {@code isOptional}: required. */
    public boolean isOptional() {
      return Boolean.TRUE.equals(isOptional);
    }

    public Optional<String> defaultValue() {
      return Optional.ofNullable(defaultValue);
    }

    public List<String> regexes() {
      return regexes == null ? List.of() : regexes;
    }

    public Optional<String> parentName() {
      return Optional.ofNullable(parentName);
    }

    public List<String> parentTriggerValues() {
      return parentTriggerValues == null ? List.of() : parentTriggerValues;
    }

    public List<EnumOption> enumOptions() {
      return enumOptions == null ? List.of() : enumOptions;
    }

    /** The value after "Example: " at the end of the help text, if the text has one. */
    public Optional<String> example() {
      if (helpText == null) {
        return Optional.empty();
      }
      Matcher matcher = EXAMPLE.matcher(helpText);
      return matcher.matches() ? Optional.of(matcher.group(1).trim()) : Optional.empty();
    }

    /** Whether every regex of this parameter matches the whole of {@code value}. */
    public boolean accepts(String value) {
      return regexes().stream().allMatch(regex -> Pattern.compile(regex).matcher(value).matches());
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /** One {@code ParameterMetadataEnumOption}. */
  public static final class EnumOption {
    String value;
    String label;
    String description;

    public String value() {
      return value;
    }

    public String label() {
      return label;
    }

    public String description() {
      return description;
    }
  }

  private final String json;
  private final Fields fields;

  private TemplateMetadata(String json) {
    this.json = json;
    this.fields = GSON.fromJson(json, Fields.class);
  }

  /** Reads the metadata file of the project in {@code projectDirectory}. */
  public static TemplateMetadata load(Path projectDirectory) {
    try {
      return new TemplateMetadata(
          Files.readString(projectDirectory.resolve(FILE), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads the metadata file of the project the tests run in. */
  public static TemplateMetadata load() {
    return load(Path.of(""));
  }

  /** The file as a JSON tree, key order and all, for checks on the raw keys and for embedding. */
  public JsonObject json() {
    return JsonParser.parseString(json).getAsJsonObject();
  }

  public String name() {
    return fields.name;
  }

  public String description() {
    return fields.description;
  }

  public List<Parameter> parameters() {
    return fields.parameters == null ? List.of() : fields.parameters;
  }

  /** The parameter called {@code name}; fails the test when there is none. */
  public Parameter parameter(String name) {
    return parameters().stream()
        .filter(p -> p.name.equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no parameter '" + name + "' in " + FILE));
  }
}
