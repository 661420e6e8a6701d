package com.trafficanalytics.template;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The image that {@code mvn verify} builds offline (the {@code offline-image-tarball} execution of
 * jib-maven-plugin), and the pom's values it must agree with, as failsafe passes them in.
 */
public final class TemplateImage {

  /** The environment variables the Flex Template launcher reads. */
  public static final String MAIN_CLASS_VARIABLE = "FLEX_TEMPLATE_JAVA_MAIN_CLASS";

  public static final String CLASSPATH_VARIABLE = "FLEX_TEMPLATE_JAVA_CLASSPATH";

  public static final String JAVA_OPTIONS_VARIABLE = "FLEX_TEMPLATE_JAVA_OPTIONS";

  private static ImageTarball tarball;
  private static Path root;

  private TemplateImage() {}

  /** A value the pom passes to the integration tests, by its system property name. */
  public static String pomValue(String property) {
    String value = System.getProperty(property);
    if (value == null || value.isEmpty()) {
      throw new IllegalStateException(
          "system property "
              + property
              + " is not set: run the *IT tests through `mvn verify`,"
              + " which passes it from the pom (maven-failsafe-plugin's systemPropertyVariables)");
    }
    return value;
  }

  /** The image tarball. */
  public static synchronized ImageTarball tarball() throws IOException {
    if (tarball == null) {
      tarball = ImageTarball.open(Path.of(pomValue("template.imageTar")));
    }
    return tarball;
  }

  /**
   * The image's file system, unpacked once per test run beside the tarball, so every test that runs
   * the application runs the very bytes the image holds.
   */
  public static synchronized Path root() throws IOException {
    if (root == null) {
      Path tar = Path.of(pomValue("template.imageTar")).toAbsolutePath();
      Path directory = tar.resolveSibling(tar.getFileName() + ".rootfs");
      deleteRecursively(directory);
      tarball().unpack(directory);
      root = directory;
    }
    return root;
  }

  static void deleteRecursively(Path directory) throws IOException {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      paths
          .sorted(Comparator.reverseOrder())
          .forEach(
              path -> {
                try {
                  Files.delete(path);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    }
  }
}
