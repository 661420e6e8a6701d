package com.trafficanalytics.report;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.not;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.trafficanalytics.TrafficAnalyticsPipeline;
import com.trafficanalytics.analysis.MergePartialTraffic;
import com.trafficanalytics.analysis.MinuteTraffic;
import com.trafficanalytics.analysis.TrafficStats;
import com.trafficanalytics.read.LineCounts;
import com.trafficanalytics.testing.ExpectedTraffic;
import com.trafficanalytics.testing.HeadlessChromium;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The report as a person sees it: the command a user runs writes report.html, a real headless
 * Chromium opens it, and the figures the page shows are compared with the independent oracle
 * ({@link ExpectedTraffic}); the page must draw its charts, make no request beyond itself, raise
 * no script or CSP error, and look like something (a screenshot that is not blank).
 */
public class ReportInBrowserIT {
  private static final Path SAMPLE = Paths.get("data/events.json");
  private static final Path DIRTY = Paths.get("data/dirty_events.json");
  private static final Path SCREENSHOTS = Paths.get("target/report-screenshots");

  /** What the page shows, read from the rendered DOM once its scripts ran. */
  private static final String FIGURES =
      "(() => {"
          + " const text = id => { const e = document.getElementById(id); return e ? e.textContent : null; };"
          + " const rows = id => Array.from(document.querySelectorAll('#' + id + ' tbody tr'))"
          + "   .map(r => Array.from(r.cells).map(c => c.textContent));"
          + " const data = id => { const e = document.getElementById(id); return e ? Object.assign({}, e.dataset) : null; };"
          + " return {"
          + "  charts: document.body.dataset.charts || null,"
          + "  cspViolations: document.body.dataset.cspViolations || null,"
          + "  csp: document.querySelector('meta[http-equiv=\"Content-Security-Policy\"]').content,"
          + "  filesRead: text('files-read'), linesRead: text('lines-read'), events: text('events'),"
          + "  blankLines: text('blank-lines'), deadLetters: text('dead-letters'),"
          + "  eventSpan: text('event-span'),"
          + "  firstEvent: (e => e ? e.dateTime : null)(document.getElementById('first-event')),"
          + "  lastEvent: (e => e ? e.dateTime : null)(document.getElementById('last-event')),"
          + "  users: text('users-total'), pageviews: text('pageviews-total'), bytes: text('bytes-total'),"
          + "  topPageviews: rows('top-pageviews'), topBytes: rows('top-bytes'),"
          + "  spread: rows('spread-table'), reasons: rows('reasons'), spreadChart: data('spread-chart'),"
          + "  time: data('time-chart'), peak: text('time-peak'), timeNote: text('time-note'),"
          + "  series: JSON.parse(document.getElementById('report-data').textContent).series || null,"
          + "  examples: Array.from(document.querySelectorAll('ol.examples')).map(ol => ({"
          + "    reason: ol.previousElementSibling.textContent,"
          + "    lines: Array.from(ol.querySelectorAll('code')).map(c => c.textContent)})),"
          + "  canvases: document.querySelectorAll('canvas').length,"
          + "  scripts: document.scripts.length,"
          + "  pwned: window.pwned === undefined ? null : String(window.pwned),"
          + "  html: document.documentElement.outerHTML"
          + " };"
          + "})()";

  @ClassRule public static final TemporaryFolder FOLDER = new TemporaryFolder();

  private static HeadlessChromium browser;

  @BeforeClass
  public static void startChromium() throws Exception {
    browser = HeadlessChromium.start(FOLDER.newFolder("chromium-profile").toPath());
  }

  @AfterClass
  public static void stopChromium() throws Exception {
    if (browser != null) {
      browser.close();
    }
  }

  @Test
  public void theSampleRunsReportShowsTheOraclesFigures() throws Exception {
    Path output = FOLDER.newFolder("sample").toPath();
    assertEquals(0, run("--inputPath=" + SAMPLE, "--outputDirectory=" + output));
    ExpectedTraffic expected = ExpectedTraffic.of(ExpectedTraffic.linesOf(SAMPLE), 60);

    JsonNode page = open(output.resolve("report.html"), "sample");
    assertTotals(page, expected, 1);
    assertTopUsers(page, expected);
    assertSpread(page, expected);
    assertTime(page, expected, 60);
    assertEventSpan(page, expected);
    assertThat(page.path("reasons").size(), is(0));
  }

  @Test
  public void aUserTrafficRunsReportShowsTheEventSpanWithoutWindows() throws Exception {
    Path output = FOLDER.newFolder("user-traffic").toPath();
    assertEquals(
        0, run("--inputPath=" + DIRTY, "--outputDirectory=" + output, "--mode=user_traffic"));
    ExpectedTraffic expected = ExpectedTraffic.of(ExpectedTraffic.linesOf(DIRTY), 60);

    JsonNode page = open(output.resolve("report.html"), "user-traffic");
    assertTotals(page, expected, 1);
    assertTopUsers(page, expected);
    assertEventSpan(page, expected);
    assertThat(page.path("time").isNull(), is(true));
    assertThat(page.path("timeNote").asText(), containsString("--mode=user_traffic"));
  }

  @Test
  public void theDirtyRunsReportShowsTheCountsAndExamplesOfEachReason() throws Exception {
    Path output = FOLDER.newFolder("dirty").toPath();
    assertEquals(
        0, run("--inputPath=" + DIRTY, "--outputDirectory=" + output, "--windowSeconds=120"));
    ExpectedTraffic expected = ExpectedTraffic.of(ExpectedTraffic.linesOf(DIRTY), 120);
    assertThat(expected.rejectedByReason.size(), greaterThan(5));

    JsonNode page = open(output.resolve("report.html"), "dirty");
    assertTotals(page, expected, 1);
    assertTopUsers(page, expected);
    assertSpread(page, expected);
    assertTime(page, expected, 120);
    Map<String, Long> shownCounts = new java.util.TreeMap<>();
    for (JsonNode row : page.path("reasons")) {
      shownCounts.put(row.get(0).asText(), number(row.get(1).asText()));
    }
    Map<String, Long> expectedCounts = new java.util.TreeMap<>();
    expected.rejectedByReason.forEach((reason, lines) -> expectedCounts.put(reason, (long) lines.size()));
    assertEquals(expectedCounts, shownCounts);
    for (JsonNode examples : page.path("examples")) {
      // Shown cut to 160 characters, an ellipsis marking the cut.
      List<String> lines =
          expected.rejectedByReason.get(examples.path("reason").asText()).stream()
              .map(line -> line.length() <= 160 ? line : line.substring(0, 160) + "\u2026")
              .toList();
      assertEquals(Math.min(3, lines.size()), examples.path("lines").size());
      for (JsonNode line : examples.path("lines")) {
        assertTrue(line.asText() + " is not a line of " + examples.path("reason"),
            lines.contains(line.asText()));
      }
    }
  }

  @Test
  public void hostileTextIsShownAsTextAndNeverRuns() throws Exception {
    List<String> lines =
        List.of(
            "{\"user_id\": \"</script><script>window.pwned=1</script>\","
                + " \"timestamp\": \"2026-03-05T16:00:00Z\", \"num_bytes\": 10}",
            "{\"user_id\": \"<img src=x onerror=window.pwned=2>\","
                + " \"timestamp\": \"2026-03-05T16:01:00Z\", \"num_bytes\": 20}",
            "<script>window.pwned=3</script>",
            "{\"user_id\": \"</script><img src=x onerror=window.pwned=4>\", \"timestamp\": 1}");
    Path input = FOLDER.newFile("hostile.json").toPath();
    Files.write(input, lines, StandardCharsets.UTF_8);
    ExpectedTraffic expected = ExpectedTraffic.of(lines, 60);

    Path shown = FOLDER.newFolder("hostile").toPath();
    assertEquals(0, run("--inputPath=" + input, "--outputDirectory=" + shown));
    JsonNode page = open(shown.resolve("report.html"), null);
    assertTotals(page, expected, 1);
    assertTopUsers(page, expected);
    assertThat(page.path("pwned").isNull(), is(true));
    assertThat(page.path("scripts").asInt(), is(3)); // the data block, uPlot and the page's own
    List<String> examples = new ArrayList<>();
    page.path("examples").forEach(e -> e.path("lines").forEach(l -> examples.add(l.asText())));
    assertEquals(Set.copyOf(expected.rejectedLines), Set.copyOf(examples));

    // Shared widely: no user id and no rejected line's text anywhere in the page.
    Path hidden = FOLDER.newFolder("hidden").toPath();
    assertEquals(
        0, run("--inputPath=" + input, "--outputDirectory=" + hidden, "--reportUserIds=false"));
    JsonNode hiddenPage = open(hidden.resolve("report.html"), null);
    assertTotals(hiddenPage, expected, 1);
    String html = Files.readString(hidden.resolve("report.html"));
    for (String secret : List.of("pwned", "onerror")) {
      assertThat(html, not(containsString(secret)));
    }
    for (JsonNode row : hiddenPage.path("topPageviews")) {
      assertEquals("(hidden)", row.get(1).asText());
    }
  }

  @Test
  public void aRunThatFailsItsGateStillWritesItsReport() throws Exception {
    Path output = FOLDER.newFolder("gate").toPath();
    assertEquals(
        1,
        run("--inputPath=" + DIRTY, "--outputDirectory=" + output, "--maxDeadLetterRatio=0.01"));
    assertThat(Files.exists(output.resolve("user_traffic")), is(false));
    JsonNode page = open(output.resolve("report.html"), null);
    assertThat(page.path("html").asText(), containsString("failed its dead-letter gate"));
    assertTotals(page, ExpectedTraffic.of(ExpectedTraffic.linesOf(DIRTY), 60), 1);
  }

  @Test
  public void thirtyDaysOfWindowsAreDrawnInCoarserBuckets() throws Exception {
    // 30 days of 1-minute windows: too many points, so the chart adds them up into buckets.
    // The merged figures as the merge gives them: each merge key a share of the windows.
    long start = Instant.parse("2026-02-01T00:00:00Z").toEpochMilli();
    List<Map<Long, TrafficStats>> keys = List.of(new HashMap<>(), new HashMap<>(), new HashMap<>());
    java.util.TreeMap<Long, Long> windows = new java.util.TreeMap<>();
    for (int minute = 0; minute < 30 * 24 * 60; minute++) {
      long pageviews = 1 + (minute * 7919L) % 97;
      long windowStart = start + minute * 60_000L;
      windows.put(windowStart, pageviews);
      keys.get(minute % keys.size()).put(windowStart, TrafficStats.of(pageviews, 0, 0, 0));
    }
    List<KV<Integer, Map<Long, TrafficStats>>> figures = new ArrayList<>();
    for (int key = 0; key < keys.size(); key++) {
      figures.add(KV.of(key, keys.get(key)));
    }
    Path report = FOLDER.getRoot().toPath().resolve("thirty-days.html");
    Pipeline pipeline = Pipeline.create(PipelineOptionsFactory.create());
    PCollectionTuple.of(
            TrafficReport.MINUTE_FIGURES,
            pipeline.apply(
                "Figures",
                Create.of(figures)
                    .withCoder(MergePartialTraffic.mergedCoder(new MinuteTraffic(60)))))
        .and(
            TrafficReport.LINE_COUNTS,
            pipeline.apply("Counts", Create.of(LineCounts.ZERO)))
        .apply(
            TrafficReport.to(
                report.toString(),
                new ReportFacts("synthetic", "DirectRunner", "minute_traffic", 60,
                    Instant.now().toString(), List.of(), null, true, null)))
        .setCoder(StringUtf8Coder.of());
    pipeline.run().waitUntilFinish();

    JsonNode page = open(report, "thirty-days");
    long bucketSeconds = page.path("time").path("bucketSeconds").asLong();
    int points = page.path("time").path("points").asInt();
    assertThat(points, lessThanOrEqualTo(TimeSeries.MAX_POINTS));
    assertEquals(0, bucketSeconds % 60);
    // The finest readable width that fits: 10 minutes would be 4,320 points, 30 give 1,440.
    assertEquals(1800, bucketSeconds);
    assertEquals(30 * 24 * 2, points);
    // Every point is the sum of its windows.
    JsonNode x = page.path("series").path("x");
    JsonNode y = page.path("series").path("y");
    for (int i = 0; i < x.size(); i++) {
      long from = x.get(i).asLong() * 1000;
      long sum = windows.subMap(from, from + bucketSeconds * 1000).values().stream()
          .mapToLong(Long::longValue).sum();
      assertEquals("point " + i, sum, y.get(i).asLong());
    }
    assertThat(page.path("timeNote").asText(), containsString("30 minutes"));
  }

  // ---------------------------------------------------------------------------------------------

  private static int run(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--enforceImmutability=true");
    all.add("--enforceEncodability=true");
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    int exitCode =
        TrafficAnalyticsPipeline.execute(
            all.toArray(String[]::new), new PrintStream(console, true, StandardCharsets.UTF_8));
    System.out.print(console.toString(StandardCharsets.UTF_8));
    return exitCode;
  }

  /**
   * Opens a report in Chromium and returns the figures it shows, after checking what every page
   * must do: draw its charts, request nothing beyond itself, raise no error, show something.
   */
  private static JsonNode open(Path report, String screenshotName) throws Exception {
    assertTrue(report + " was not written", Files.exists(report));
    String url = report.toAbsolutePath().toUri().toString();
    browser.open(url, 1280, 900);
    JsonNode page = browser.evaluate(FIGURES);
    assertEquals("drawn", page.path("charts").asText());
    assertThat(page.path("cspViolations").isNull(), is(true));
    assertThat(browser.errors(), is(empty()));
    // Chromium's own record: the page itself is the only request made.
    assertThat(browser.requestedUrls(), everyItem(is(url)));
    assertThat(page.path("csp").asText(), containsString("default-src 'none'"));
    assertThat(page.path("csp").asText(), not(containsString("http")));

    byte[] png = browser.screenshot();
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
    assertThat(image.getWidth(), greaterThan(1200)); // 1280 less a scroll bar
    assertThat("a screenshot with ink on it", inkShare(image), greaterThan(0.02));
    if (screenshotName != null) {
      Files.createDirectories(SCREENSHOTS);
      Files.write(SCREENSHOTS.resolve(screenshotName + ".png"), png);
    }
    return page;
  }

  /** The share of pixels that are not (near) white: 0 for a blank page. */
  private static double inkShare(BufferedImage image) {
    long ink = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int rgb = image.getRGB(x, y);
        if (((rgb >> 16) & 0xff) < 230 || ((rgb >> 8) & 0xff) < 230 || (rgb & 0xff) < 230) {
          ink++;
        }
      }
    }
    return (double) ink / ((long) image.getWidth() * image.getHeight());
  }

  private static void assertTotals(JsonNode page, ExpectedTraffic expected, long files) {
    assertEquals(files, number(page.path("filesRead").asText()));
    assertEquals(expected.linesRead, number(page.path("linesRead").asText()));
    assertEquals(expected.events, number(page.path("events").asText()));
    assertEquals(expected.blankLines, number(page.path("blankLines").asText()));
    assertEquals(expected.rejectedLines.size(), number(page.path("deadLetters").asText()));
    if (!page.path("users").isNull()) {
      assertEquals(expected.users.size(), number(page.path("users").asText()));
      assertEquals(expected.events, number(page.path("pageviews").asText()));
      assertEquals(
          expected.users.values().stream().mapToLong(s -> s[1]).sum(),
          number(page.path("bytes").asText()));
    }
  }

  /** Top 20 by pageviews (then bytes) and by bytes (then pageviews); ties: smaller id first. */
  private static void assertTopUsers(JsonNode page, ExpectedTraffic expected) {
    Comparator<Map.Entry<String, long[]>> byId = Map.Entry.comparingByKey();
    Comparator<Map.Entry<String, long[]>> byPageviews =
        Comparator.<Map.Entry<String, long[]>>comparingLong(e -> -e.getValue()[0])
            .thenComparingLong(e -> -e.getValue()[1])
            .thenComparing(byId);
    Comparator<Map.Entry<String, long[]>> byBytes =
        Comparator.<Map.Entry<String, long[]>>comparingLong(e -> -e.getValue()[1])
            .thenComparingLong(e -> -e.getValue()[0])
            .thenComparing(byId);
    assertEquals(top(expected, byPageviews), shown(page.path("topPageviews")));
    assertEquals(top(expected, byBytes), shown(page.path("topBytes")));
  }

  private static List<List<Object>> top(
      ExpectedTraffic expected, Comparator<Map.Entry<String, long[]>> order) {
    return expected.users.entrySet().stream()
        .sorted(order)
        .limit(20)
        .map(e -> List.<Object>of(e.getKey(), e.getValue()[0], e.getValue()[1]))
        .toList();
  }

  private static List<List<Object>> shown(JsonNode rows) {
    List<List<Object>> users = new ArrayList<>();
    for (JsonNode row : rows) {
      users.add(List.of(row.get(1).asText(), number(row.get(2).asText()), number(row.get(3).asText())));
    }
    return users;
  }

  /** Users per doubling bucket of pageviews: 1, 2-3, 4-7, ... */
  private static void assertSpread(JsonNode page, ExpectedTraffic expected) {
    List<Long> perBucket = new ArrayList<>();
    for (long[] user : expected.users.values()) {
      int bucket = 0;
      for (long low = 2; low <= user[0]; low *= 2) {
        bucket++;
      }
      while (perBucket.size() <= bucket) {
        perBucket.add(0L);
      }
      perBucket.set(bucket, perBucket.get(bucket) + 1);
    }
    List<Long> shown = new ArrayList<>();
    for (JsonNode row : page.path("spread")) {
      shown.add(number(row.get(1).asText()));
    }
    assertEquals(perBucket, shown);
    assertEquals(perBucket.size(), page.path("spreadChart").path("bars").asInt());
  }

  private static void assertTime(JsonNode page, ExpectedTraffic expected, int windowSeconds) {
    assertEquals(expected.windows.size(), page.path("time").path("points").asInt());
    assertEquals(windowSeconds, page.path("time").path("bucketSeconds").asInt());
    assertEquals(
        expected.windows.values().stream().mapToLong(Long::longValue).max().orElseThrow(),
        number(page.path("peak").asText()));
    assertThat(page.path("canvases").asInt(), greaterThan(1));
  }

  /** The first and last event, exact in the {@code <time>} elements and to the second as shown. */
  private static void assertEventSpan(JsonNode page, ExpectedTraffic expected) {
    DateTimeFormatter shown =
        DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    Instant first = Instant.ofEpochMilli(expected.firstEventMillis);
    Instant last = Instant.ofEpochMilli(expected.lastEventMillis);
    assertEquals(first, Instant.parse(page.path("firstEvent").asText()));
    assertEquals(last, Instant.parse(page.path("lastEvent").asText()));
    assertThat(page.path("eventSpan").asText(), containsString(shown.format(first)));
    assertThat(page.path("eventSpan").asText(), containsString(shown.format(last)));
  }

  /** A figure as the page shows it ("5,000", "3 (0.12% of ...)"): its leading number. */
  private static long number(String shown) {
    String digits = shown.trim().split("[^0-9,]", 2)[0].replace(",", "");
    return Long.parseLong(digits);
  }
}
