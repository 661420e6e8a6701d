package com.trafficanalytics.options;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What the Flex Template's Console form, {@code gcloud}, the README and the Terraform module need
 * to know about one option, beyond what Beam's own annotations say.
 *
 * <p>It goes on a getter of {@link TrafficAnalyticsOptions}, beside Beam's {@code @Description}
 * (the help text, also shown by {@code --help}) and {@code @Default} (the default value). The
 * build reads all three and writes the template metadata, the template spec, the README's options
 * table and the Terraform module's variables from them (see the README's "Adding a parameter"),
 * so each fact about a parameter is written once, here. The idea, and most field names, follow the
 * {@code @TemplateParameter} annotations of Google's own Dataflow templates, which are not
 * published for use outside their repository.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface TemplateParameter {

  /** Place in the Console form, in the metadata and in the README table: smallest first. */
  int order();

  /** What the form calls the field: a few words. */
  String label();

  /** A value a person could really give, without the option name: shown in every help text. */
  String example();

  /** The kind of value; it picks the form's widget and, for most kinds, the regex. */
  Type type();

  /**
   * The regexes a value must match, in a syntax both Java and RE2 read (Google's side may check
   * with either). Empty: the type's own regex ({@link Type#regex}), or for {@link Type#ENUM} one
   * built from the {@link #choices}.
   */
  String[] regexes() default {};

  /**
   * For an {@link Type#ENUM} parameter, the enum whose constants are its values, in the order the
   * form lists them; left at {@link Choice.Of} itself by every other type.
   */
  Class<? extends Choice.Of> choices() default Choice.Of.class;

  /** Whether a launch must give it. Most parameters are optional: the option checks decide. */
  boolean required() default false;

  /**
   * The values of {@code --mode} for which the form shows this parameter (the metadata's {@code
   * parentName} and {@code parentTriggerValues}); empty for a parameter every mode uses. Typed,
   * so a mode renamed in {@link Mode} cannot leave a parameter shown for a value that no longer
   * exists.
   */
  Mode[] shownFor() default {};

  /**
   * The Dataflow API's {@code ParameterType} values this project uses, each with the regex its
   * values must match unless the parameter gives its own.
   */
  enum Type {
    /** One of the parameter's {@link TemplateParameter#choices}. */
    ENUM(null),
    /** A Cloud Storage file or file pattern to read: {@code gs://BUCKET/NAME}. */
    GCS_READ_FILE("^gs://[^/\\n\\r]+/[^\\n\\r]+$"),
    /** A Cloud Storage folder to write into: {@code gs://BUCKET} or {@code gs://BUCKET/PATH}. */
    GCS_WRITE_FOLDER("^gs://[^/\\n\\r]+(/[^\\n\\r]*)?$"),
    /** A Cloud Storage file to write: {@code gs://BUCKET/NAME}, not ending in {@code /}. */
    GCS_WRITE_FILE("^gs://[^/\\n\\r]+/[^\\n\\r]*[^/\\n\\r]$"),
    /** A BigQuery table, in the forms the pipeline reads. */
    BIGQUERY_TABLE(ParameterPatterns.BIGQUERY_TABLE),
    /** {@code true} or {@code false}: the form shows a checkbox. */
    BOOLEAN("^(true|false)$"),
    /** A number; the parameter says which numbers by its own regex. */
    NUMBER(null),
    /** Free text; the parameter says which by its own regex. */
    TEXT(null);

    private final String regex;

    Type(String regex) {
      this.regex = regex;
    }

    /** The regex of this type's values, or null when each parameter must give its own. */
    public String regex() {
      return regex;
    }
  }
}
