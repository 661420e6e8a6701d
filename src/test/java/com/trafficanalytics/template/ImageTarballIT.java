package com.trafficanalytics.template;

import static com.trafficanalytics.template.TemplateImage.CLASSPATH_VARIABLE;
import static com.trafficanalytics.template.TemplateImage.MAIN_CLASS_VARIABLE;
import static com.trafficanalytics.template.TemplateImage.pomValue;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasEntry;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.Test;

/**
 * The Flex Template image, as Jib builds it, holds what the launcher needs and nothing else.
 *
 * <p>Built offline on {@code scratch} instead of the launcher base, the image carries the same
 * layers, environment, entrypoint setting and labels that {@code jib:build} puts on the real base
 * (only the base's own layers and its entrypoint are missing), so these checks hold for both.
 */
public class ImageTarballIT {

  /** The launcher's variables the image must set, and no others of that family. */
  private static final Set<String> LAUNCHER_VARIABLES =
      Set.of(MAIN_CLASS_VARIABLE, CLASSPATH_VARIABLE);

  @Test
  public void theEnvironmentTellsTheLauncherWhatToRun() throws IOException {
    Map<String, String> environment = TemplateImage.tarball().environment();
    assertThat(environment, hasEntry(MAIN_CLASS_VARIABLE, pomValue("template.mainClass")));
    assertThat(environment, hasEntry(CLASSPATH_VARIABLE, pomValue("template.classpath")));
    assertEquals(
        "FLEX_TEMPLATE_* variables",
        LAUNCHER_VARIABLES,
        environment.keySet().stream()
            .filter(name -> name.startsWith("FLEX_TEMPLATE_"))
            .collect(Collectors.toSet()));
  }

  @Test
  public void theImageKeepsTheLaunchersEntrypoint() throws IOException {
    // An entrypoint or command of our own would replace the launcher's, and the template would
    // start our main directly, with none of the launcher's arguments: every launch would fail.
    ImageTarball image = TemplateImage.tarball();
    assertFalse(
        "the image sets an Entrypoint: " + image.entrypoint(), image.entrypoint().isPresent());
    assertFalse("the image sets a Cmd: " + image.command(), image.command().isPresent());
  }

  @Test
  public void theLabelsSayWhatAndWhichVersion() throws IOException {
    Map<String, String> labels = TemplateImage.tarball().labels();
    assertThat(labels, hasEntry("org.opencontainers.image.title", "traffic-analytics"));
    assertThat(labels, hasEntry("org.opencontainers.image.version", pomValue("template.version")));
    assertThat(labels.get("org.opencontainers.image.source"), startsWith("https://"));
    assertTrue("revision label", labels.containsKey("org.opencontainers.image.revision"));
  }

  @Test
  public void theClasspathNamesTheOnlyJarInTheImage() throws IOException {
    Map<String, String> files = TemplateImage.tarball().files();
    List<String> jars =
        files.keySet().stream().filter(path -> path.endsWith(".jar")).collect(Collectors.toList());
    String classpath = pomValue("template.classpath");
    assertTrue(
        "the image must hold exactly one jar, "
            + classpath
            + " (Jib's packaged mode also copies"
            + " the dependencies, which the layer filter must drop); found "
            + (jars.size() <= 5 ? jars : jars.size() + " jars, such as " + jars.subList(0, 5)),
        jars.equals(List.of(classpath)));
    assertThat(
        "files other than the jar (Jib's jib-*-file included: nothing in the image reads them)",
        files.keySet().stream()
            .filter(path -> !path.equals(classpath))
            .collect(Collectors.toList()),
        empty());
  }

  @Test
  public void theJarInTheImageIsTheShadedJar() throws IOException, NoSuchAlgorithmException {
    Path inImage = ImageTarball.inUnpacked(TemplateImage.root(), pomValue("template.classpath"));
    Path shaded = Path.of("target", "traffic-analytics.jar");
    assertEquals("size", Files.size(shaded), Files.size(inImage));
    assertArrayEquals("SHA-256", sha256(shaded), sha256(inImage));
  }

  @Test
  public void everyClassInTheJarRunsOnTheLaunchersJava() throws IOException {
    // The base is the Java 17 launcher: a class compiled for a newer Java (our own, or one a
    // dependency upgrade brings into the shaded jar) fails with UnsupportedClassVersionError on the
    // launcher VM or a worker, and only when it is first loaded. Multi-release entries under
    // META-INF/versions/N/ are read only by a Java of at least N, so they may be newer.
    int release = Integer.parseInt(pomValue("template.javaRelease"));
    int newestMajor = release + 44; // class file major version of Java N is N + 44
    Path jar = ImageTarball.inUnpacked(TemplateImage.root(), pomValue("template.classpath"));
    List<String> tooNew = new ArrayList<>();
    int classes = 0;
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      for (ZipEntry entry : Collections.list(zip.entries())) {
        String name = entry.getName();
        if (!name.endsWith(".class")
            || name.startsWith("META-INF/versions/")
            || name.endsWith("module-info.class")) {
          continue;
        }
        classes++;
        try (DataInputStream in = new DataInputStream(zip.getInputStream(entry))) {
          if (in.readInt() != 0xCAFEBABE) {
            tooNew.add(name + " (not a class file)");
            continue;
          }
          in.readUnsignedShort(); // minor version
          int major = in.readUnsignedShort();
          if (major > newestMajor) {
            tooNew.add(name + " (Java " + (major - 44) + ")");
          }
        }
      }
    }
    assertTrue("classes in " + jar, classes > 1000);
    assertThat("classes newer than Java " + release, tooNew, empty());
  }

  private static byte[] sha256(Path file) throws IOException, NoSuchAlgorithmException {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    return digest.digest();
  }
}
