package com.trafficanalytics;

import com.trafficanalytics.options.InvalidOptionException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * The files {@code --inputPath} names, matched before the run starts so that a wrong path is an
 * option error (exit code 2) rather than a run that "succeeds" on nothing. Only regular files are
 * read: a folder, a pipe or a device has no size to split the reading by, so Beam would read
 * nothing from it.
 */
final class InputFiles {

  /**
   * The files {@code inputPath} matches, by their full names.
   *
   * @throws InvalidOptionException when it matches no file, or names something that is not one
   */
  static List<String> match(String inputPath) throws InvalidOptionException {
    List<MatchResult.Metadata> files;
    try {
      MatchResult match = FileSystems.match(inputPath, EmptyMatchTreatment.ALLOW_IF_WILDCARD);
      files = match.status() == MatchResult.Status.OK ? match.metadata() : List.of();
    } catch (IOException | IllegalArgumentException e) {
      throw new InvalidOptionException(
          "--inputPath=" + inputPath + " cannot be read: " + e.getMessage());
    }
    if (files.isEmpty()) {
      // A pattern matches regular files only (Beam leaves folders, pipes and devices out).
      throw new InvalidOptionException(
          "--inputPath=" + inputPath + " matches no file (folders, pipes and devices are not"
              + " read); check the path, or quote a pattern such as 'logs/*.json' so the shell"
              + " does not expand it");
    }
    for (MatchResult.Metadata file : files) {
      ResourceId id = file.resourceId();
      if (id.isDirectory() || isLocalButNotRegular(id)) {
        String folder = id.isDirectory() ? stripSlash(inputPath) : "logs";
        throw new InvalidOptionException(
            "--inputPath=" + inputPath + " is "
                + (id.isDirectory() ? "a folder" : "not a regular file (a pipe or a device)")
                + ": name the files to read, e.g. --inputPath='" + folder + "/*.json'");
      }
    }
    return files.stream().map(file -> file.resourceId().toString()).toList();
  }

  private static boolean isLocalButNotRegular(ResourceId id) {
    return "file".equals(id.getScheme()) && !Files.isRegularFile(Path.of(id.toString()));
  }

  private static String stripSlash(String path) {
    return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }

  private InputFiles() {}
}
