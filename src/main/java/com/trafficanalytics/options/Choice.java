package com.trafficanalytics.options;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * One value of an {@link TemplateParameter.Type#ENUM} parameter: what the pipeline receives and
 * the words the Console form shows for it.
 *
 * <p>A parameter's values are the constants of an enum of ours that implements {@link Of}, named
 * by the parameter's {@link TemplateParameter#choices}. The form, the option's check and the
 * check's error message all read that one enum, so they cannot offer different lists.
 *
 * @param value the value as written on the command line and sent by the form
 * @param label what the form shows for it: a few words
 * @param description one sentence on what choosing it does
 */
public record Choice(String value, String label, String description) {

  /** An enum whose constants are the values of one parameter, each with its {@link Choice}. */
  public interface Of {
    /** This constant's value and words. */
    Choice choice();
  }

  /** The choices of {@code type}, in the order the form lists them. */
  public static List<Choice> all(Class<? extends Of> type) {
    return Arrays.stream(type.getEnumConstants()).map(Of::choice).toList();
  }

  /** The constant of {@code type} whose value is {@code value}, if there is one. */
  public static <E extends Enum<E> & Of> Optional<E> find(Class<E> type, String value) {
    return Arrays.stream(type.getEnumConstants())
        .filter(constant -> constant.choice().value().equals(value))
        .findFirst();
  }

  /**
   * The constant that {@code --option=value} names, or a one-line error that lists the values
   * the option takes.
   */
  public static <E extends Enum<E> & Of> E parse(Class<E> type, String option, String value)
      throws InvalidOptionException {
    Optional<E> found = find(type, value);
    if (found.isEmpty()) {
      throw new InvalidOptionException(
          "--" + option + "=" + value + " is not a value of --" + option + "; use one of "
              + valuesOf(type));
    }
    return found.get();
  }

  /** The values of {@code type}, comma-separated, for messages. */
  public static String valuesOf(Class<? extends Of> type) {
    return String.join(", ", all(type).stream().map(Choice::value).toList());
  }
}
