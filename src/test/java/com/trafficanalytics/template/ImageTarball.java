package com.trafficanalytics.template;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * A container image saved as a tarball in the {@code docker save} layout that {@code jib:buildTar}
 * writes: {@code manifest.json}, the image config, and one gzipped tar per layer.
 *
 * <p>It reads what a container runtime would read (the config's environment, entrypoint and labels,
 * and the files of all layers, in order) so the tests can check the image and then run its Java
 * application the way the Flex Template launcher does, without a Docker engine.
 */
public final class ImageTarball {

  private final Path tarball;
  private final JsonObject config;
  private final List<String> layers;

  private ImageTarball(Path tarball, JsonObject config, List<String> layers) {
    this.tarball = tarball;
    this.config = config;
    this.layers = layers;
  }

  /** Opens the tarball at {@code path}; it must hold exactly one image. */
  public static ImageTarball open(Path path) throws IOException {
    JsonArray manifests =
        JsonParser.parseString(readMember(path, "manifest.json")).getAsJsonArray();
    if (manifests.size() != 1) {
      throw new IllegalStateException(path + " holds " + manifests.size() + " images, not one");
    }
    JsonObject manifest = manifests.get(0).getAsJsonObject();
    JsonObject config =
        JsonParser.parseString(readMember(path, manifest.get("Config").getAsString()))
            .getAsJsonObject();
    List<String> layers = new ArrayList<>();
    for (JsonElement layer : manifest.getAsJsonArray("Layers")) {
      layers.add(layer.getAsString());
    }
    return new ImageTarball(path, config, layers);
  }

  /** The {@code config} section of the image config: what a container starts with. */
  public JsonObject containerConfig() {
    return config.getAsJsonObject("config");
  }

  /** The environment, in the image's order. */
  public Map<String, String> environment() {
    Map<String, String> environment = new LinkedHashMap<>();
    JsonArray env = containerConfig().getAsJsonArray("Env");
    if (env != null) {
      for (JsonElement entry : env) {
        String[] nameAndValue = entry.getAsString().split("=", 2);
        environment.put(nameAndValue[0], nameAndValue.length > 1 ? nameAndValue[1] : "");
      }
    }
    return environment;
  }

  /** The labels. */
  public Map<String, String> labels() {
    Map<String, String> labels = new LinkedHashMap<>();
    JsonObject object = containerConfig().getAsJsonObject("Labels");
    if (object != null) {
      object.entrySet().forEach(e -> labels.put(e.getKey(), e.getValue().getAsString()));
    }
    return labels;
  }

  /** The image's own entrypoint, if it sets one (one that inherits its base's sets none). */
  public Optional<JsonElement> entrypoint() {
    return Optional.ofNullable(containerConfig().get("Entrypoint")).filter(e -> !e.isJsonNull());
  }

  /** The image's own command, if it sets one. */
  public Optional<JsonElement> command() {
    return Optional.ofNullable(containerConfig().get("Cmd")).filter(e -> !e.isJsonNull());
  }

  /** The absolute paths of the regular files in all layers, each with the layer it comes from. */
  public Map<String, String> files() throws IOException {
    Map<String, String> files = new LinkedHashMap<>();
    for (String layer : layers) {
      forEachEntry(
          layer,
          (entry, in) -> {
            if (entry.isFile()) {
              files.put(absolute(entry.getName()), layer);
            }
          });
    }
    return files;
  }

  /**
   * Unpacks the image's file system under {@code root}, layer over layer, as a runtime would (Jib
   * writes no whiteout files, and a layer carrying one fails here rather than being misread).
   */
  public void unpack(Path root) throws IOException {
    for (String layer : layers) {
      forEachEntry(
          layer,
          (entry, in) -> {
            Path target = root.resolve(entry.getName()).normalize();
            if (!target.startsWith(root) || entry.getName().contains(".wh.")) {
              throw new IOException("unexpected layer entry " + entry.getName());
            }
            if (entry.isDirectory()) {
              Files.createDirectories(target);
            } else if (entry.isFile()) {
              Files.createDirectories(target.getParent());
              Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            }
          });
    }
  }

  /** The host path of an absolute image path once the image is unpacked under {@code root}. */
  public static Path inUnpacked(Path root, String imagePath) {
    return root.resolve(imagePath.replaceFirst("^/+", ""));
  }

  @Override
  public String toString() {
    return tarball.toString();
  }

  private static String absolute(String entryName) {
    return "/" + entryName.replaceFirst("^(\\./)+", "");
  }

  private interface EntryVisitor {
    void visit(TarArchiveEntry entry, InputStream content) throws IOException;
  }

  private void forEachEntry(String layer, EntryVisitor visitor) throws IOException {
    try (TarArchiveInputStream outer = new TarArchiveInputStream(Files.newInputStream(tarball))) {
      for (TarArchiveEntry member; (member = outer.getNextEntry()) != null; ) {
        if (member.getName().equals(layer)) {
          try (TarArchiveInputStream inner =
              new TarArchiveInputStream(new GZIPInputStream(outer, 1 << 16))) {
            for (TarArchiveEntry entry; (entry = inner.getNextEntry()) != null; ) {
              visitor.visit(entry, inner);
            }
          }
          return;
        }
      }
    }
    throw new IOException("layer " + layer + " is not in " + tarball);
  }

  private static String readMember(Path tarball, String name) throws IOException {
    try (TarArchiveInputStream in = new TarArchiveInputStream(Files.newInputStream(tarball))) {
      for (TarArchiveEntry member; (member = in.getNextEntry()) != null; ) {
        if (member.getName().equals(name)) {
          return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
      }
    }
    throw new UncheckedIOException(new IOException(name + " is not in " + tarball));
  }
}
