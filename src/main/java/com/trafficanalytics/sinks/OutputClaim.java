package com.trafficanalytics.sinks;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A run's hold on its file outputs, from before the pipeline starts until it ends. On a local disk
 * it locks each result folder (a lock the operating system drops when the process dies, so a
 * killed run never blocks the next one), then deletes what killed runs left behind. A run for one
 * day locks the whole result folder too (one run at a time per folder, whatever its day) but
 * cleans up only its own day's partition. On {@code
 * gs://} there is no lock: two runs must not write one folder at once (see the README).
 */
public final class OutputClaim implements AutoCloseable {
  private final List<FolderLayout> folders;
  private final List<FileChannel> lockFiles;

  private OutputClaim(List<FolderLayout> folders, List<FileChannel> lockFiles) {
    this.folders = folders;
    this.lockFiles = lockFiles;
  }

  /**
   * Claims the folders among {@code destinations}.
   *
   * @throws UnusableOutputException when another run holds one of them, or it cannot be cleaned
   */
  public static OutputClaim acquire(List<Destination> destinations)
      throws UnusableOutputException {
    List<FolderLayout> folders = new ArrayList<>();
    for (Destination destination : destinations) {
      if (destination instanceof FolderDestination folder) {
        folders.add(folder.layout());
      }
    }
    OutputClaim claim = new OutputClaim(folders, new ArrayList<>());
    try {
      for (FolderLayout layout : folders) {
        if (layout.isLocal()) {
          claim.lock(layout);
        }
      }
      for (FolderLayout layout : folders) {
        Set<String> keep = new HashSet<>();
        String shown = RunFolders.shownRun(layout);
        if (shown != null) {
          keep.add(shown);
        }
        RunFolders.deleteRunsExcept(layout, keep);
      }
    } catch (UnusableOutputException e) {
      claim.close();
      throw e;
    } catch (IOException e) {
      claim.close();
      throw new UnusableOutputException(
          "cannot prepare the outputs (" + FolderDestination.cause(e) + ")");
    }
    return claim;
  }

  private void lock(FolderLayout layout) throws IOException, UnusableOutputException {
    Path lockFile = Paths.get(layout.lockFile());
    Files.createDirectories(lockFile.getParent());
    FileChannel channel =
        FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null; // this very process holds it: another run inside the same JVM
    }
    if (lock == null) {
      channel.close();
      throw new UnusableOutputException(
          layout.folder() + " is being written by another run right now (it holds " + lockFile
              + "); wait for that run to end, or write to another folder");
    }
    lockFiles.add(channel);
  }

  /**
   * One line naming the output folder a failed run could not write, and why, when the failure is
   * a file system's (full, read-only); null when the failure is not about an output folder.
   */
  public @Nullable String explainFailure(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = String.valueOf(root.getMessage());
    List<String> culprits = new ArrayList<>();
    String why = null;
    for (FolderLayout layout : folders) {
      if (!layout.isLocal()) {
        continue;
      }
      String reason = null;
      try {
        FileStore store = Files.getFileStore(Paths.get(layout.stateFolder()));
        if (store.isReadOnly()) {
          reason = "read-only file system";
        } else if (message.contains("No space left on device")
            && store.getUsableSpace() < 1024 * 1024) {
          reason = "no space left on device";
        }
      } catch (IOException e) {
        reason = FolderDestination.cause(e);
      }
      if (reason == null && message.contains(layout.stateFolder())) {
        reason = message.split("\n", 2)[0];
      }
      if (reason != null) {
        culprits.add(layout.folder());
        why = why == null ? reason : why;
      }
    }
    if (why != null) {
      return "writing "
          + String.join(", ", culprits)
          + " failed: "
          + why
          + "; the earlier results there are untouched (free space, or give another folder)";
    }
    return null;
  }

  /** Releases the locks (the operating system would on exit anyway). */
  @Override
  public void close() {
    for (FileChannel channel : lockFiles) {
      try {
        channel.close();
      } catch (IOException e) {
        // The lock goes with the process at the latest.
      }
    }
    lockFiles.clear();
  }
}
