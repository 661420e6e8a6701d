package com.trafficanalytics.template;

import com.trafficanalytics.options.Choice;
import com.trafficanalytics.options.Mode;
import com.trafficanalytics.options.TemplateParameter;
import com.trafficanalytics.options.TemplateParameter.Type;
import com.trafficanalytics.options.TrafficAnalyticsOptions;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * The template parameters as {@link TrafficAnalyticsOptions} declares them: one per getter, read
 * from its {@link TemplateParameter}, Beam's {@code @Description} and the option's default value.
 *
 * <p>Everything the generated files say about a parameter comes from here. A getter without the
 * annotation, a missing description or a regex-less parameter is refused at once, with the getter
 * named, so the build cannot write an incomplete metadata file.
 */
public final class OptionParameters {

  /** One template parameter. */
  public record Parameter(
      String name,
      int order,
      String label,
      String description,
      String example,
      Type type,
      List<String> regexes,
      List<Choice> choices,
      boolean required,
      Optional<String> defaultValue,
      Optional<String> parentName,
      List<String> parentTriggerValues,
      Class<?> javaType) {

    /** The help text of the form and of gcloud: the description, then the example. */
    public String helpText() {
      return description + " Example: " + example;
    }

    /** The option as the command line writes it with its example value. */
    public String commandLineExample() {
      return "--" + name + "=" + example;
    }
  }

  /** The parameter that {@link TemplateParameter#shownFor} speaks of. */
  private static final String MODE_PARAMETER = "mode";

  private OptionParameters() {}

  /** Every parameter, in the form's order. */
  public static List<Parameter> all() {
    TrafficAnalyticsOptions defaults =
        PipelineOptionsFactory.fromArgs().as(TrafficAnalyticsOptions.class);
    List<Parameter> parameters = new ArrayList<>();
    for (Method getter : TrafficAnalyticsOptions.class.getDeclaredMethods()) {
      if (isGetter(getter)) {
        parameters.add(parameter(getter, defaults));
      }
    }
    parameters.sort(Comparator.comparingInt(Parameter::order));
    Set<Integer> orders = parameters.stream().map(Parameter::order).collect(Collectors.toSet());
    if (orders.size() != parameters.size()) {
      throw new IllegalStateException("two parameters share an order in TrafficAnalyticsOptions");
    }
    return parameters;
  }

  /** The parameter called {@code name}. */
  public static Parameter named(String name) {
    return all().stream()
        .filter(p -> p.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no parameter " + name));
  }

  private static boolean isGetter(Method method) {
    return method.getParameterCount() == 0
        && method.getName().startsWith("get")
        && method.getName().length() > 3;
  }

  private static Parameter parameter(Method getter, TrafficAnalyticsOptions defaults) {
    String name =
        Character.toLowerCase(getter.getName().charAt(3)) + getter.getName().substring(4);
    TemplateParameter annotation = getter.getAnnotation(TemplateParameter.class);
    Description description = getter.getAnnotation(Description.class);
    if (annotation == null || description == null) {
      throw new IllegalStateException(
          getter.getName() + " in TrafficAnalyticsOptions needs both @TemplateParameter and"
              + " @Description (see the README's \"Adding a parameter\")");
    }
    List<Choice> choices =
        annotation.choices().isEnum() ? Choice.all(annotation.choices()) : List.of();
    if ((annotation.type() == Type.ENUM) == choices.isEmpty()) {
      throw new IllegalStateException(name + ": choices go with type ENUM, and only with it");
    }
    List<String> regexes = regexes(name, annotation, choices);
    Object defaultValue = invoke(getter, defaults);
    List<String> shownFor =
        Arrays.stream(annotation.shownFor()).map(Mode::optionValue).collect(Collectors.toList());
    return new Parameter(
        name,
        annotation.order(),
        annotation.label(),
        description.value(),
        annotation.example(),
        annotation.type(),
        regexes,
        choices,
        annotation.required(),
        Optional.ofNullable(defaultValue).map(String::valueOf),
        shownFor.isEmpty() ? Optional.empty() : Optional.of(MODE_PARAMETER),
        shownFor,
        getter.getReturnType());
  }

  private static List<String> regexes(
      String name, TemplateParameter annotation, List<Choice> choices) {
    if (annotation.regexes().length > 0) {
      return List.of(annotation.regexes());
    }
    if (annotation.type() == Type.ENUM) {
      Set<String> seen = new HashSet<>();
      for (Choice option : choices) {
        // Word characters only, so the values go into the alternation without escaping.
        if (!option.value().matches("\\w+") || !seen.add(option.value())) {
          throw new IllegalStateException(name + ": enum value '" + option.value() + "'");
        }
      }
      return List.of(
          choices.stream().map(Choice::value).collect(Collectors.joining("|", "^(", ")$")));
    }
    if (annotation.type().regex() == null) {
      throw new IllegalStateException(name + ": a " + annotation.type() + " needs its regexes");
    }
    return List.of(annotation.type().regex());
  }

  private static Object invoke(Method getter, TrafficAnalyticsOptions options) {
    try {
      return getter.invoke(options);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException(e);
    }
  }
}
