package com.trafficanalytics.sinks;

import com.google.api.services.bigquery.model.TableRow;
import com.trafficanalytics.table.OutputTable;
import java.io.IOException;
import java.nio.channels.WritableByteChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VoidCoder;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.transforms.Values;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A folder (local or {@code gs://}) that receives an output as newline-delimited JSON files named
 * {@code part-SSSSS-of-NNNNN.json}, one row per line.
 *
 * <p>A run never writes into the folder a reader sees: it writes a run folder of its own (see
 * {@link FolderLayout}), then its manifest, then makes that run the current one ({@link
 * PublishRun}). On a local disk the folder is a symbolic link swapped by one rename, so a reader
 * sees the earlier complete run or the new one, never a mix. The job deletes only run folders it
 * made, and refuses (before anything runs) a folder holding anything else.
 *
 * <p>With a run date the run replaces only that day's partition, {@code
 * <folder>/run_date=YYYY-MM-DD/}, in the same way, and leaves every other day as it is; one folder
 * holds either dated or undated results, never both (refused before the run).
 *
 * @param folder the folder, e.g. {@code output/user_traffic} or {@code gs://bucket/traffic/dead_letter}
 * @param runDate the day whose partition the run replaces, or null to replace the whole folder
 * @param files how many files a run writes, or 0 to let the runner choose (see {@link #withFiles})
 */
public record FolderDestination(String folder, @Nullable LocalDate runDate, int files)
    implements Destination {
  private static final DateTimeFormatter RUN_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  /** The whole folder {@code folder}, replaced whole by each run. */
  public FolderDestination(String folder) {
    this(folder, null, 0);
  }

  /** This folder, with each run replacing only the partition of {@code date} (null: the whole). */
  public FolderDestination withRunDate(@Nullable LocalDate date) {
    return new FolderDestination(folder, date, files);
  }

  /**
   * This folder, each run writing exactly {@code files} files ({@code part-SSSSS-of-NNNNN}), or
   * with 0 as many as the runner chooses. Dataflow chooses well (a file per bundle, no extra
   * step). The DirectRunner replaces the runner's choice with a count of the rows followed by a
   * step that waits for that count as a side input and is retried each time other work finishes
   * (about 60 times per folder in a 1M-event run, each retry translating the step anew); a fixed
   * count has neither, and since the rows reach the files in blocks ({@link JsonLines}) the
   * grouping by file that it adds carries a few elements per thousand rows.
   */
  public FolderDestination withFiles(int files) {
    if (files < 0) {
      throw new IllegalArgumentException("files must be 0 or more, got " + files);
    }
    return new FolderDestination(folder, runDate, files);
  }

  /** The sub-folder {@code name} of {@code parent}. */
  public static FolderDestination under(String parent, String name) {
    ResourceId child =
        FileSystems.matchNewResource(parent, true)
            .resolve(name, StandardResolveOptions.RESOLVE_DIRECTORY);
    return new FolderDestination(child.toString());
  }

  /** The layout the run writes: the whole folder's, or its run date's partition. */
  FolderLayout layout() throws UnusableOutputException {
    FolderLayout whole = FolderLayout.of(folder);
    return runDate == null ? whole : whole.partition(partitionName(runDate));
  }

  /** The Hive-style name of a day's partition, {@code run_date=YYYY-MM-DD}. */
  static String partitionName(LocalDate date) {
    return "run_date=" + date;
  }

  @Override
  public PTransform<PCollection<List<TableRow>>, PCollection<?>> writer(OutputTable table) {
    FolderLayout layout;
    try {
      layout = layout();
    } catch (UnusableOutputException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    // Chosen when the pipeline is built, so every step of the run agrees on it.
    String runId =
        RUN_TIME.format(Instant.now())
            + "-"
            + String.format(Locale.ROOT, "%08x", ThreadLocalRandom.current().nextInt());
    return new PTransform<>() {
      @Override
      public PCollection<?> expand(PCollection<List<TableRow>> rows) {
        // In blocks of lines, not a row an element: see JsonLines.
        PCollection<JsonLines> blocks = rows.apply("To JSON lines", ParDo.of(new ToJsonLinesFn()));
        PCollectionView<Long> rowCount =
            blocks
                .apply(
                    "Rows per block",
                    MapElements.into(TypeDescriptors.longs()).via(JsonLines::rows))
                .apply("Row count", Sum.longsGlobally().asSingletonView());
        ResourceId runFolder = FileSystems.matchNewResource(layout.runFolder(runId), true);
        return blocks
            .apply("Block text", MapElements.into(TypeDescriptors.strings()).via(JsonLines::text))
            .apply(
                "Write JSON files",
                TextIO.write()
                    .to(runFolder.resolve("part", StandardResolveOptions.RESOLVE_FILE))
                    .withSuffix(".json")
                    // One destination in one window never needs more than one writer per bundle,
                    // so the spill path (a shuffle and a flatten, 4 steps per folder) is dead.
                    .withNoSpilling()
                    .withNumShards(files)
                    .withOutputFilenames())
            .getPerDestinationOutputFilenames()
            .apply("File names", Values.create())
            .apply("One key", WithKeys.of((Void) null))
            .setCoder(KvCoder.of(VoidCoder.of(), StringUtf8Coder.of()))
            .apply("All written files", GroupByKey.create())
            .apply(
                "Publish the run",
                ParDo.of(new PublishRun(layout, runId, rowCount)).withSideInputs(rowCount));
      }
    };
  }

  /**
   * Checks, before anything runs, that this folder can receive the output: it is not the input
   * nor holds it, it holds nothing the job did not write, and it can be created and written.
   *
   * @param inputFiles the input files that the input pattern matched
   */
  @Override
  public void checkUsable(List<String> inputFiles) throws UnusableOutputException {
    FolderLayout whole = FolderLayout.of(folder);
    FolderLayout layout = layout();
    String stateRoot = whole.stateFolder().substring(0, whole.stateFolder().lastIndexOf('/'));
    for (String input : inputFiles) {
      String file =
          whole.isLocal() ? Paths.get(input).toAbsolutePath().normalize().toString() : input;
      if (file.equals(whole.folder())) {
        throw new UnusableOutputException(
            whole.folder() + " is the input file; write the outputs to a folder apart from the"
                + " input");
      }
      if (file.startsWith(whole.folder() + "/")
          || file.startsWith(stateRoot + "/")) {
        throw new UnusableOutputException(
            whole.folder() + " holds the input file " + file + "; write the outputs to a"
                + " folder apart from the input");
      }
    }
    checkNoMixOfDatedAndWhole(whole, runDate != null);
    if (!layout.isLocal()) {
      checkNoForeignFiles(whole);
    } else if (runDate == null) {
      checkLocalFolder(whole);
    } else {
      checkLocalDays(whole);
      checkLocalFolder(layout);
    }
    // The same probe on every file system: the job's state folder can be created and written.
    // The whole result's, so that a refused run of a new day leaves no folder of that day.
    String probe = whole.stateFile(".probe-" + Long.toHexString(System.nanoTime()));
    try {
      ResourceId probeFile = FileSystems.matchNewResource(probe, false);
      try (WritableByteChannel channel = FileSystems.create(probeFile, "text/plain")) {
        channel.write(java.nio.ByteBuffer.wrap(new byte[] {'o', 'k'}));
      }
      FileSystems.delete(List.of(probeFile));
    } catch (IOException | RuntimeException e) {
      throw new UnusableOutputException(
          layout.folder() + " cannot be written (" + cause(e) + "); give a folder that this"
              + " user can create and write");
    }
  }

  private static void checkLocalFolder(FolderLayout layout) throws UnusableOutputException {
    Path folder = Paths.get(layout.folder());
    for (Path above = folder.getParent(); above != null; above = above.getParent()) {
      if (Files.exists(above) && !Files.isDirectory(above)) {
        throw new UnusableOutputException(
            above + " is a file, not a folder; give a folder for the outputs");
      }
    }
    if (Files.isSymbolicLink(folder)) {
      String target;
      try {
        target = Files.readSymbolicLink(folder).toString();
      } catch (IOException e) {
        target = "";
      }
      if (layout.runOfLinkTarget(target) == null) {
        throw new UnusableOutputException(
            folder + " is a symbolic link this job did not make (to " + target + "); remove it"
                + " or choose another folder");
      }
      return;
    }
    if (Files.isRegularFile(folder, LinkOption.NOFOLLOW_LINKS)) {
      throw new UnusableOutputException(
          folder + " is a file, not a folder; move it away or choose another folder");
    }
    if (Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
      try (Stream<Path> entries = Files.list(folder)) {
        if (entries.findAny().isPresent()) {
          throw new UnusableOutputException(foreignFiles(layout));
        }
      } catch (IOException e) {
        throw new UnusableOutputException(
            folder + " cannot be read (" + cause(e) + "); give a folder this user can write");
      }
    }
    try {
      // Gives the operating system's reason ("Read-only file system") where the probe cannot.
      Files.createDirectories(Paths.get(layout.whole().stateFolder()));
    } catch (IOException e) {
      throw new UnusableOutputException(
          folder + " cannot be written (" + cause(e) + "); give a folder that this user can"
              + " create and write");
    }
  }

  /**
   * One folder holds the results of runs without a date (replaced whole) or of runs with one
   * (a partition per day), never both: a reader of either would read the other's rows as its own.
   */
  private static void checkNoMixOfDatedAndWhole(FolderLayout whole, boolean dated)
      throws UnusableOutputException {
    try {
      if (dated && (RunFolders.currentRun(whole) != null || RunFolders.linkedRun(whole) != null)) {
        throw new UnusableOutputException(
            whole.folder() + " holds results of runs without --runDate (replaced whole), and a run"
                + " with --runDate writes a run_date=YYYY-MM-DD folder per day; give daily runs a"
                + " folder of their own, or run without --runDate");
      }
      if (!dated && !RunFolders.datedPartitions(whole).isEmpty()) {
        throw new UnusableOutputException(
            whole.folder() + " holds daily results (run_date=YYYY-MM-DD folders of runs with"
                + " --runDate); add --runDate=YYYY-MM-DD to replace one day, or give a run"
                + " without it a folder of its own");
      }
    } catch (IOException e) {
      throw new UnusableOutputException(
          whole.folder() + " cannot be read (" + cause(e) + "); check the path and access");
    }
  }

  /**
   * A local result of daily runs is a plain folder of the job's links, one per day: anything
   * else in it is someone else's.
   */
  private static void checkLocalDays(FolderLayout whole) throws UnusableOutputException {
    Path folder = Paths.get(whole.folder());
    if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
      checkLocalFolder(whole); // absent is fine; a file or someone's link is refused there
      return;
    }
    try (Stream<Path> entries = Files.list(folder)) {
      for (Path entry : entries.toList()) {
        if (!isDayLink(whole, entry)) {
          throw new UnusableOutputException(foreignFiles(whole));
        }
      }
    } catch (IOException e) {
      throw new UnusableOutputException(
          folder + " cannot be read (" + cause(e) + "); give a folder this user can write");
    }
  }

  /** Whether {@code entry} is the link to a day's run that the job made. */
  private static boolean isDayLink(FolderLayout whole, Path entry) throws IOException {
    String name = entry.getFileName().toString();
    return FolderLayout.RUN_DATE_PARTITION.matcher(name).matches()
        && Files.isSymbolicLink(entry)
        && whole.partition(name).runOfLinkTarget(Files.readSymbolicLink(entry).toString())
            != null;
  }

  /** On object stores the reader's folder is never written: anything in it is someone else's. */
  private static void checkNoForeignFiles(FolderLayout layout) throws UnusableOutputException {
    try {
      MatchResult match =
          FileSystems.match(layout.folder() + "/**", EmptyMatchTreatment.ALLOW);
      if (match.status() == MatchResult.Status.OK && !match.metadata().isEmpty()) {
        throw new UnusableOutputException(foreignFiles(layout));
      }
    } catch (IOException e) {
      throw new UnusableOutputException(
          layout.folder() + " cannot be listed (" + cause(e) + "); check the path and access");
    }
  }

  private static String foreignFiles(FolderLayout layout) {
    return layout.folder() + " holds files this job did not write (your own, or results of a"
        + " version without run folders); move them away (e.g. mv " + layout.folder() + " "
        + layout.folder() + ".old) or choose another folder";
  }

  /** A short cause for a message: the OS's reason when there is one. */
  static String cause(Throwable e) {
    if (e instanceof FileSystemException fs && fs.getReason() != null) {
      return fs.getReason();
    }
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    String message = e.getMessage();
    return message == null ? e.getClass().getSimpleName() : message.split("\n", 2)[0];
  }

  /** Whether {@code other} is a folder destination writing this very folder. */
  public boolean sameFolderAs(Destination other) {
    if (!(other instanceof FolderDestination otherFolder)) {
      return false;
    }
    try {
      return FolderLayout.of(folder).folder().equals(FolderLayout.of(otherFolder.folder).folder());
    } catch (UnusableOutputException e) {
      return folder.equals(otherFolder.folder);
    }
  }

  @Override
  public String describe() {
    return runDate == null ? folder : folder.replaceAll("/+$", "") + "/" + partitionName(runDate);
  }
}
