package com.trafficanalytics;

import com.trafficanalytics.options.InvalidOptionException;
import java.util.Locale;

/**
 * The values a number option accepts, and the one message for a value outside them, whether it
 * is too large for its type (found on the command line) or outside the range (found once parsed).
 *
 * @param option the option's name
 * @param min the smallest value accepted
 * @param max the largest value accepted
 * @param whole whether the value is a whole number (an {@code Integer} option)
 * @param meaning what the value is, for the message: "a positive whole number of seconds (1 to
 *     2147483647)"
 * @param example a value to suggest
 */
record NumberRange(
    String option, double min, double max, boolean whole, String meaning, String example) {

  /** A positive {@code Integer} option counting {@code unit}. */
  static NumberRange wholeNumber(String option, String unit, String example) {
    return wholeNumber(option, unit, Integer.MAX_VALUE, example);
  }

  /** A positive {@code Integer} option counting {@code unit}, at most {@code max}. */
  static NumberRange wholeNumber(String option, String unit, int max, String example) {
    return new NumberRange(
        option,
        1,
        max,
        true,
        String.format(Locale.ROOT, "a positive whole number of %s (1 to %d)", unit, max),
        example);
  }

  /** A {@code Double} option from 0 to 1. */
  static NumberRange fraction(String option, String example) {
    return new NumberRange(option, 0, 1, false, "a fraction from 0 to 1", example);
  }

  /** Whether {@code text} can be read as this option's type (Beam's parser would refuse it). */
  boolean parses(String text) {
    try {
      if (whole) {
        Integer.parseInt(text.trim());
      } else {
        Double.parseDouble(text.trim());
      }
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** Checks a parsed value. */
  void check(Number value) throws InvalidOptionException {
    double number = value.doubleValue();
    if (!(number >= min && number <= max)) {
      throw outOfRange(String.valueOf(value));
    }
  }

  /** The message for {@code --option=text}. */
  InvalidOptionException outOfRange(String text) {
    return new InvalidOptionException(
        "--" + option + "=" + text + " must be " + meaning + ", e.g. " + example);
  }
}
