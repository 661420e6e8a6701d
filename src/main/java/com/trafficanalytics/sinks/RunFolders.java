package com.trafficanalytics.sinks;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.MoveOptions.StandardMoveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The few file operations on a result's run folders, through Beam's {@link FileSystems} so that
 * local paths and {@code gs://} take the same path; local disks add only what object stores lack
 * (the symbolic link, empty folders).
 */
final class RunFolders {

  /** The run that {@code CURRENT} names, or null when there is none yet. */
  static @Nullable String currentRun(FolderLayout layout) throws IOException {
    ResourceId current = FileSystems.matchNewResource(layout.stateFile(FolderLayout.CURRENT), false);
    MatchResult match =
        FileSystems.match(current.toString(), EmptyMatchTreatment.ALLOW);
    if (match.status() != MatchResult.Status.OK || match.metadata().isEmpty()) {
      return null;
    }
    try (InputStream in = Channels.newInputStream(FileSystems.open(current))) {
      String run = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
      return FolderLayout.RUN_ID.matcher(run).matches() ? run : null;
    }
  }

  /**
   * The days of {@code whole} (a whole result) that runs with a run date have published: the
   * names of its partitions that have a {@code CURRENT}, on every file system.
   */
  static List<String> datedPartitions(FolderLayout whole) throws IOException {
    String state = FileSystems.matchNewResource(whole.stateFolder(), true).toString();
    MatchResult match =
        FileSystems.match(state + "run_date=*/" + FolderLayout.CURRENT, EmptyMatchTreatment.ALLOW);
    List<String> days = new ArrayList<>();
    if (match.status() == MatchResult.Status.OK) {
      for (MatchResult.Metadata file : match.metadata()) {
        String path = file.resourceId().toString();
        String folder = path.substring(0, path.length() - FolderLayout.CURRENT.length() - 1);
        String day = folder.substring(folder.lastIndexOf('/') + 1);
        if (FolderLayout.RUN_DATE_PARTITION.matcher(day).matches()) {
          days.add(day);
        }
      }
    }
    return days;
  }

  /** The run the local link shows, or null (no link yet, or not on a local disk). */
  static @Nullable String linkedRun(FolderLayout layout) throws IOException {
    if (!layout.isLocal()) {
      return null;
    }
    Path link = Paths.get(layout.folder());
    if (!Files.isSymbolicLink(link)) {
      return null;
    }
    return layout.runOfLinkTarget(Files.readSymbolicLink(link).toString());
  }

  /**
   * Writes {@code content} to {@code destination} whole or not at all: into a temporary file in
   * the run's own folder first, then renamed (a rename on a local disk; on Cloud Storage the copy
   * that makes the object appears at once).
   */
  static void writeWhole(FolderLayout layout, String runId, String destination, String content)
      throws IOException {
    ResourceId temporary =
        FileSystems.matchNewResource(
            layout.runFolder(runId) + "/.tmp-" + destination.substring(destination.lastIndexOf('/') + 1),
            false);
    try (WritableByteChannel channel = FileSystems.create(temporary, "application/json")) {
      ByteBuffer bytes = ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8));
      while (bytes.hasRemaining()) {
        channel.write(bytes);
      }
    }
    FileSystems.rename(
        List.of(temporary), List.of(FileSystems.matchNewResource(destination, false)));
  }

  /**
   * The run readers are shown now: on a local disk the link's target (the link is what readers
   * follow; {@code CURRENT} may name a run killed before its link swap, which no one ever saw),
   * elsewhere the run {@code CURRENT} names; null when there is none.
   */
  static @Nullable String shownRun(FolderLayout layout) throws IOException {
    return layout.isLocal() ? linkedRun(layout) : currentRun(layout);
  }

  /**
   * Deletes every run folder of the result except those in {@code keep}: only folders named like
   * a run id inside the job's state folder, so nothing the job did not make.
   */
  static void deleteRunsExcept(FolderLayout layout, Set<String> keep) throws IOException {
    String state = FileSystems.matchNewResource(layout.stateFolder(), true).toString();
    List<ResourceId> stale = new ArrayList<>();
    MatchResult match = FileSystems.match(state + "**", EmptyMatchTreatment.ALLOW);
    if (match.status() == MatchResult.Status.OK) {
      for (MatchResult.Metadata file : match.metadata()) {
        String path = file.resourceId().toString();
        if (!path.startsWith(state)) {
          continue;
        }
        String relative = path.substring(state.length());
        int slash = relative.indexOf('/');
        if (slash < 0) {
          continue; // CURRENT, lock: not in a run folder
        }
        String run = relative.substring(0, slash);
        if (FolderLayout.RUN_ID.matcher(run).matches() && !keep.contains(run)) {
          stale.add(file.resourceId());
        }
      }
    }
    FileSystems.delete(stale, StandardMoveOptions.IGNORE_MISSING_FILES);
    if (layout.isLocal()) {
      deleteEmptyLocalRunFolders(layout, keep);
    }
  }

  /** What a local disk keeps after the files are gone: the (now empty) folders of the runs. */
  private static void deleteEmptyLocalRunFolders(FolderLayout layout, Set<String> keep)
      throws IOException {
    Path state = Paths.get(layout.stateFolder());
    if (!Files.isDirectory(state, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    List<Path> runs;
    try (Stream<Path> entries = Files.list(state)) {
      runs =
          entries
              .filter(p -> FolderLayout.RUN_ID.matcher(p.getFileName().toString()).matches())
              .filter(p -> !keep.contains(p.getFileName().toString()))
              .toList();
    }
    for (Path run : runs) {
      // Files.walk does not follow links: a stray link in a run folder is removed, not followed.
      try (Stream<Path> tree = Files.walk(run)) {
        for (Path path : tree.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(path);
        }
      }
    }
  }

  private RunFolders() {}
}
