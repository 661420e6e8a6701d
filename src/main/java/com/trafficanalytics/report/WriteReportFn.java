package com.trafficanalytics.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.transforms.DoFn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders the report and writes it with Beam's {@link FileSystems} (local or gs://), replacing
 * only a report this job wrote before. The report is optional to read: a failure to write it is
 * one log line, and the run goes on.
 */
final class WriteReportFn extends DoFn<ReportFigures, String> {
  private static final Logger LOG = LoggerFactory.getLogger(WriteReportFn.class);

  /** How far into an existing file to look for the mark of a report. */
  private static final int HEAD_BYTES = 4096;

  private final ReportFacts facts;
  private final String path;

  WriteReportFn(ReportFacts facts, String path) {
    this.facts = facts;
    this.path = path;
  }

  @ProcessElement
  public void processElement(@Element ReportFigures figures, OutputReceiver<String> out) {
    try {
      byte[] page = ReportPage.render(facts, figures).getBytes(StandardCharsets.UTF_8);
      write(path, page);
      LOG.info("report -> {} ({} bytes)", path, page.length);
      out.output(path);
    } catch (IOException | RuntimeException e) {
      LOG.warn("the report was not written to {}: {}", path, oneLine(e));
    }
  }

  /** Writes {@code page} to {@code path}, refusing to replace a file that is not a report. */
  static void write(String path, byte[] page) throws IOException {
    checkReplaceable(path);
    ResourceId file = FileSystems.matchNewResource(path, false);
    // Written beside the report under a name of the job's own, then renamed over it (one atomic
    // rename on a local disk; a Cloud Storage object is whole once written): a reader, or a run
    // killed midway, never sees half a report.
    ResourceId temporary =
        file.getCurrentDirectory()
            .resolve(
                "." + file.getFilename() + "." + UUID.randomUUID() + ".tmp",
                StandardResolveOptions.RESOLVE_FILE);
    try (OutputStream outStream =
        Channels.newOutputStream(FileSystems.create(temporary, "text/html"))) {
      outStream.write(page);
    }
    FileSystems.rename(List.of(temporary), List.of(file));
  }

  /** Fails unless {@code path} is free, or holds a report this job wrote (which it may replace). */
  static void checkReplaceable(String path) throws IOException {
    ResourceId file = FileSystems.matchNewResource(path, false);
    if ("file".equals(file.getScheme()) && Files.isDirectory(Path.of(path))) {
      throw new IOException(path + " is a folder; name a file, e.g. " + path + "/report.html");
    }
    if (exists(file, path)) {
      try (InputStream in = Channels.newInputStream(FileSystems.open(file))) {
        String head = new String(in.readNBytes(HEAD_BYTES), StandardCharsets.UTF_8);
        if (!head.contains("content=\"" + ReportPage.GENERATOR + "\"")) {
          throw new IOException(
              path + " exists and is not a report this job wrote; choose another --reportPath or"
                  + " move that file");
        }
      }
    }
  }

  /**
   * Whether the report's file exists. A local path is asked of the disk directly: Beam's local
   * match walks the whole parent folder when the file is missing, which for {@code /report.html}
   * is the whole file system.
   */
  private static boolean exists(ResourceId file, String path) throws IOException {
    if ("file".equals(file.getScheme())) {
      return Files.exists(Path.of(path), LinkOption.NOFOLLOW_LINKS);
    }
    MatchResult match = FileSystems.match(List.of(path), EmptyMatchTreatment.ALLOW).get(0);
    return match.status() == MatchResult.Status.OK && !match.metadata().isEmpty();
  }

  private static String oneLine(Throwable e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int end = message.indexOf('\n');
    return end < 0 ? message : message.substring(0, end);
  }
}
