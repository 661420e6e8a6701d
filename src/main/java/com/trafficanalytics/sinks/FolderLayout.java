package com.trafficanalytics.sinks;

import java.io.Serializable;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.regex.Pattern;

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
 * <p>Only run folders (names matching {@link #RUN_ID}) in the state folder are ever deleted: the
 * job owns exactly those, the link and the two small files.
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

  private final String folder;
  private final String parent;
  private final String name;
  private final boolean local;

  private FolderLayout(String folder, String parent, String name, boolean local) {
    this.folder = folder;
    this.parent = parent;
    this.name = name;
    this.local = local;
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
          path.toString(), parent.toString(), path.getFileName().toString(), true);
    }
    String trimmed = folder.replaceAll("/+$", "");
    int lastSlash = trimmed.lastIndexOf('/');
    if (lastSlash <= scheme + 2) {
      throw new UnusableOutputException(
          folder + " is the root of a bucket; give a folder in it, e.g. " + trimmed + "/traffic");
    }
    return new FolderLayout(
        trimmed, trimmed.substring(0, lastSlash), trimmed.substring(lastSlash + 1), false);
  }

  /** Whether the folder is on the local file system (where runs are swapped in by a link). */
  boolean isLocal() {
    return local;
  }

  /** The folder a reader opens, without a trailing slash. */
  String folder() {
    return folder;
  }

  /** The result's name: the folder's last component. */
  String name() {
    return name;
  }

  /** The folder holding every run of this result, and the pointer and lock files. */
  String stateFolder() {
    return parent + "/" + STATE_FOLDER + "/" + name;
  }

  /** The folder of run {@code runId}. */
  String runFolder(String runId) {
    return stateFolder() + "/" + runId;
  }

  /** What the link {@link #folder()} holds to show run {@code runId}: relative, so the tree moves. */
  String linkTarget(String runId) {
    return STATE_FOLDER + "/" + name + "/" + runId;
  }

  /** The run id a link target names, or null when {@code target} is not one of the job's links. */
  String runOfLinkTarget(String target) {
    String prefix = STATE_FOLDER + "/" + name + "/";
    if (!target.startsWith(prefix)) {
      return null;
    }
    String run = target.substring(prefix.length());
    return RUN_ID.matcher(run).matches() ? run : null;
  }

  /** The file {@code fileName} in the state folder. */
  String stateFile(String fileName) {
    return stateFolder() + "/" + fileName;
  }
}
