package com.trafficanalytics.sinks;

import java.io.Serializable;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.regex.Pattern;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Where the files of one result folder live. The folder a reader opens ({@code output/user_traffic})
 * is, on a local disk, a relative symbolic link to the complete run it shows; every run writes into
 * a folder of its own beside it, under a name no user would choose:
 *
 * <pre>
 * output/user_traffic -> .traffic-analytics/user_traffic/20261126T142100.123Z-1a2b3c4d
 * output/.traffic-analytics/user_traffic/CURRENT        the run id of the complete result
 * output/.traffic-analytics/user_traffic/lock           held by the run writing (local disks)
 * output/.traffic-analytics/user_traffic/RUN_ID/part-…json, _MANIFEST (written last)
 * </pre>
 *
 * <p>A run for one day ({@code --runDate}) replaces one partition of the result instead, in the
 * Hive layout ({@code output/user_traffic/run_date=2026-11-25/part-…json}) that DuckDB and Spark
 * read as a column: the same mechanism one level down ({@link #partition}). The
 * result's folder is then a plain folder of the job's links, one per day, and each day has its
 * own {@code CURRENT} and run folders; the lock stays the result's:
 *
 * <pre>
 * output/user_traffic/run_date=2026-11-25
 *     -> ../.traffic-analytics/user_traffic/run_date=2026-11-25/RUN_ID
 * output/.traffic-analytics/user_traffic/run_date=2026-11-25/CURRENT, RUN_ID/…
 * output/.traffic-analytics/user_traffic/lock
 * </pre>
 *
 * <p>Only run folders (names matching {@link #RUN_ID}) in the state folder are ever deleted: the
 * job owns exactly those, the links and the two small files.
 */
final class FolderLayout implements Serializable {
  /** The hidden folder, beside the result folders, that holds the job's own files. */
  static final String STATE_FOLDER = ".traffic-analytics";

  /** The manifest of a complete run: written last, so its presence means "complete". */
  static final String MANIFEST = "_MANIFEST";

  /** The file naming the run that is the current result (all file systems). */
  static final String CURRENT = "CURRENT";

  /** The lock file of a local result folder. */
  static final String LOCK = "lock";

  /** A run id: its start time (so ids sort by age) and a random part. */
  static final Pattern RUN_ID = Pattern.compile("\\d{8}T\\d{6}\\.\\d{3}Z-[0-9a-f]{8}");

  /** The name of a day's partition: {@code run_date=YYYY-MM-DD}, as Hive readers parse it. */
  static final Pattern RUN_DATE_PARTITION = Pattern.compile("run_date=\\d{4}-\\d{2}-\\d{2}");

  private final String folder;
  private final String parent;
  private final String name;
  private final boolean local;
  private final @Nullable String partition;

  private FolderLayout(
      String folder, String parent, String name, boolean local, @Nullable String partition) {
    this.folder = folder;
    this.parent = parent;
    this.name = name;
    this.local = local;
    this.partition = partition;
  }

  /**
   * The layout of {@code folder} (local path or {@code scheme://…}).
   *
   * @throws UnusableOutputException when the folder has no parent to hold the run folders
   */
  static FolderLayout of(String folder) throws UnusableOutputException {
    int scheme = folder.indexOf("://");
    if (scheme < 0 || folder.startsWith("file://")) {
      String plain = scheme < 0 ? folder : folder.substring("file://".length());
      Path path = Paths.get(plain).toAbsolutePath().normalize();
      Path parent = path.getParent();
      if (parent == null || parent.getParent() == null) {
        throw new UnusableOutputException(
            path + " is the root of the file system or a folder right under it; give a folder"
                + " of its own, e.g. ./output");
      }
      return new FolderLayout(
          path.toString(), parent.toString(), path.getFileName().toString(), true, null);
    }
    String trimmed = folder.replaceAll("/+$", "");
    int lastSlash = trimmed.lastIndexOf('/');
    if (lastSlash <= scheme + 2) {
      throw new UnusableOutputException(
          folder + " is the root of a bucket; give a folder in it, e.g. " + trimmed + "/traffic");
    }
    return new FolderLayout(
        trimmed, trimmed.substring(0, lastSlash), trimmed.substring(lastSlash + 1), false, null);
  }

  /** The layout of one partition ({@code run_date=2026-11-25}) of this whole result. */
  FolderLayout partition(String partition) {
    if (this.partition != null || !RUN_DATE_PARTITION.matcher(partition).matches()) {
      throw new IllegalArgumentException("not a partition of a whole result: " + partition);
    }
    return new FolderLayout(folder, parent, name, local, partition);
  }

  /** The layout of the whole result: this one, or the result this partition is part of. */
  FolderLayout whole() {
    return partition == null ? this : new FolderLayout(folder, parent, name, local, null);
  }

  /** The partition this layout is, or null for a whole result. */
  @Nullable String partitionName() {
    return partition;
  }

  /** Whether the folder is on the local file system (where runs are swapped in by a link). */
  boolean isLocal() {
    return local;
  }

  /** The folder a reader opens (a partition's own, for a partition), without a trailing slash. */
  String folder() {
    return partition == null ? folder : folder + "/" + partition;
  }

  /** The result's name: the last component of the whole result's folder. */
  String name() {
    return name;
  }

  /** The folder holding every run of this result (or partition), and its pointer file. */
  String stateFolder() {
    String whole = parent + "/" + STATE_FOLDER + "/" + name;
    return partition == null ? whole : whole + "/" + partition;
  }

  /**
   * The lock file of a local result: the whole result's, for a partition too, so that one run at
   * a time writes a result folder, whichever day it writes.
   */
  String lockFile() {
    return whole().stateFile(LOCK);
  }

  /** The folder of run {@code runId}. */
  String runFolder(String runId) {
    return stateFolder() + "/" + runId;
  }

  /** What the link {@link #folder()} holds to show run {@code runId}: relative, so the tree moves. */
  String linkTarget(String runId) {
    return linkPrefix() + runId;
  }

  /** The run id a link target names, or null when {@code target} is not one of the job's links. */
  @Nullable String runOfLinkTarget(String target) {
    String prefix = linkPrefix();
    if (!target.startsWith(prefix)) {
      return null;
    }
    String run = target.substring(prefix.length());
    return RUN_ID.matcher(run).matches() ? run : null;
  }

  /** A partition's link sits one folder deeper than a whole result's, in the result's folder. */
  private String linkPrefix() {
    String whole = STATE_FOLDER + "/" + name + "/";
    return partition == null ? whole : "../" + whole + partition + "/";
  }

  /** The file {@code fileName} in the state folder. */
  String stateFile(String fileName) {
    return stateFolder() + "/" + fileName;
  }
}
