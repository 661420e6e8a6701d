package com.trafficanalytics.report;

import com.google.common.escape.Escaper;
import com.google.common.html.HtmlEscapers;
import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.trafficanalytics.quality.DeadLetterRatioGate;
import com.trafficanalytics.read.LineCounts;
import com.trafficanalytics.report.ReportFigures.UserRank;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Renders the report as one self-contained HTML page: the figures as HTML tables (readable and
 * printable without scripts), the charts drawn by uPlot from a JSON block, with uPlot, the page's
 * script and its styles inline. A Content-Security-Policy allows only those inline blocks (by
 * hash) and no source at all on the network.
 *
 * <p>Everything that comes from the input (user ids, file names, rejected lines) is escaped: as
 * HTML text in the tables, and in the JSON block with {@code <}, {@code >} and {@code &} written as
 * {@code \\u003c}-style escapes, so that no input can end the block or the page's markup.
 */
final class ReportPage {
  /** Marks a file as a report this job wrote: only such a file is ever replaced. */
  static final String GENERATOR = "traffic-analytics report";

  private static final String UPLOT_PROPERTIES = "META-INF/maven/org.webjars.npm/uplot/pom.properties";
  private static final Escaper HTML = HtmlEscapers.htmlEscaper();
  // Gson escapes <, >, &, = and ' in strings unless told otherwise: safe inside <script>.
  private static final Gson JSON = new Gson();
  private static final DateTimeFormatter UTC =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final ReportFacts facts;
  private final ReportFigures figures;
  private final StringBuilder html = new StringBuilder(64 * 1024);

  private ReportPage(ReportFacts facts, ReportFigures figures) {
    this.facts = facts;
    this.figures = figures;
  }

  /** The page of a run. */
  static String render(ReportFacts facts, ReportFigures figures) {
    return new ReportPage(facts, figures).render();
  }

  private String render() {
    String uplotVersion = uplotVersion();
    String uplotDist = "META-INF/resources/webjars/uplot/" + uplotVersion + "/dist/";
    String style = resource(uplotDist + "uPlot.min.css") + "\n" + resource(packaged("report.css"));
    String uplot = resource(uplotDist + "uPlot.iife.min.js");
    String script = resource(packaged("report.js"));
    String csp =
        "default-src 'none'; script-src '" + sha256(uplot) + "' '" + sha256(script) + "';"
            + " style-src '" + sha256(style) + "'; img-src data:; base-uri 'none'; form-action 'none'";

    html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta http-equiv=\"Content-Security-Policy\" content=\"").append(csp).append("\">\n")
        .append("<meta name=\"generator\" content=\"").append(GENERATOR).append("\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>Traffic report: ").append(text(facts.inputPattern())).append("</title>\n")
        .append("<style>").append(style).append("</style>\n</head>\n<body>\n");
    html.append("<header><h1>Traffic report")
        .append(facts.runDate() == null ? "" : " for " + text(facts.runDate()))
        .append("</h1><p class=\"sub\">")
        .append(text(facts.inputPattern())).append(" &middot; ran ")
        .append(text(when(facts.startedAt()))).append(" on ").append(text(facts.runner()))
        .append("</p></header>\n");
    gateBanner();
    runSection();
    timeSection();
    usersSection();
    spreadSection();
    rejectedSection();
    html.append("<footer>Written by traffic-analytics. Charts drawn with uPlot ")
        .append(text(uplotVersion))
        .append(" (MIT licence), inlined: the page makes no network request.</footer>\n");
    html.append("<script type=\"application/json\" id=\"report-data\">")
        .append(JSON.toJson(chartData())).append("</script>\n");
    html.append("<script>").append(uplot).append("</script>\n");
    html.append("<script>").append(script).append("</script>\n</body>\n</html>\n");
    return html.toString();
  }

  private void gateBanner() {
    LineCounts totals = totals();
    Double maxRatio = facts.maxDeadLetterRatio();
    if (maxRatio == null || !DeadLetterRatioGate.exceeded(totals, maxRatio)) {
      return;
    }
    html.append("<p class=\"banner\" id=\"gate-failed\">This run failed its dead-letter gate: ")
        .append(count(totals.deadLetters())).append(" of ")
        .append(count(totals.events() + totals.deadLetters()))
        .append(" non-blank lines were rejected, more than --maxDeadLetterRatio=")
        .append(text(String.valueOf(maxRatio)))
        .append(" allows, so the traffic tables were not written. The figures below show what"
            + " was read; see <a href=\"#rejected\">Rejected lines</a> for the reasons.</p>\n");
  }

  private void runSection() {
    LineCounts totals = totals();
    html.append("<section id=\"run\"><h2>The run</h2>\n<table class=\"facts\">\n");
    if (facts.runDate() != null) {
      fact("run-date", "Run date", text(facts.runDate()));
    }
    fact("input", "Input", text(facts.inputPattern()));
    if (figures.filesRead != null) {
      fact("files-read", "Files read", count(figures.filesRead));
    }
    fact("lines-read", "Lines read", count(totals.linesRead()));
    fact("events", "Events counted", count(totals.events()));
    fact("blank-lines", "Blank lines skipped", count(totals.blankLines()));
    long nonBlank = totals.events() + totals.deadLetters();
    fact("dead-letters", "Dead letters", count(totals.deadLetters())
        + (nonBlank > 0 ? " (" + percent(totals.deadLetters(), nonBlank) + " of non-blank lines)" : ""));
    fact("event-span", "Event time", eventSpan());
    if (facts.windowSeconds() != null) {
      fact("window", "Window width", text(duration(facts.windowSeconds() * 1000L)));
    }
    fact("mode", "Mode", text(facts.mode()));
    fact("runner", "Runner", text(facts.runner()));
    fact("ran-at", "Started", text(when(facts.startedAt())));
    for (ReportFacts.Output output : facts.outputs()) {
      fact("output-" + output.name(), "Output " + output.name(), text(output.where()));
    }
    html.append("</table></section>\n");
  }

  /**
   * The first and last event time, from the line counts, so it shows whichever analyses ran; each
   * as a {@code <time>} whose {@code datetime} is the exact instant.
   */
  private String eventSpan() {
    LineCounts totals = totals();
    if (!totals.hasSpan()) {
      return "no events";
    }
    return "<time id=\"first-event\" datetime=\"" + instant(totals.firstEventMillis()) + "\">"
        + text(utc(totals.firstEventMillis())) + "</time> to <time id=\"last-event\" datetime=\""
        + instant(totals.lastEventMillis()) + "\">" + text(utc(totals.lastEventMillis()))
        + "</time> (the first and the last event)";
  }

  private static String instant(long epochMillis) {
    return text(Instant.ofEpochMilli(epochMillis).toString());
  }

  private static String utc(long epochMillis) {
    return UTC.format(Instant.ofEpochMilli(epochMillis));
  }

  private void timeSection() {
    html.append("<section id=\"time\"><h2>Traffic over time</h2>\n");
    TimeSeries series = figures.series;
    if (series == null) {
      html.append("<p class=\"note\" id=\"time-note\">No time chart: it is drawn from the"
          + " minute_traffic windows, and --mode=").append(text(facts.mode()))
          .append(" does not compute them.</p></section>\n");
      return;
    }
    if (series.starts().length == 0) {
      html.append("<p class=\"note\" id=\"time-note\">No events, so no traffic to show.</p>"
          + "</section>\n");
      return;
    }
    int peak = peakIndex(series);
    String window = duration(series.windowMillis());
    String bucket = duration(series.bucketMillis());
    html.append("<p class=\"note\" id=\"time-note\">");
    if (series.bucketMillis() == series.windowMillis()) {
      html.append("Pageviews per ").append(text(window)).append(" window: <span id=\"time-points\">")
          .append(count(series.starts().length)).append("</span> windows with events.");
    } else {
      html.append(count(series.windows())).append(" windows of ").append(text(window))
          .append(" are too many to draw one by one, so each point adds up the windows of <span"
              + " id=\"time-bucket\">").append(text(bucket)).append("</span>: <span"
              + " id=\"time-points\">").append(count(series.starts().length))
          .append("</span> points. The minute_traffic output keeps every window.");
    }
    html.append(" Peak: <strong id=\"time-peak\">").append(count(series.pageviews()[peak]))
        .append("</strong> pageviews in the ")
        .append(series.bucketMillis() == series.windowMillis() ? "window" : "bucket")
        .append(" starting ").append(text(utc(series.starts()[peak])))
        .append(" (marked in red).</p>\n")
        .append("<div class=\"chart\" id=\"time-chart\" data-bucket-seconds=\"")
        .append(series.bucketMillis() / 1000).append("\"></div></section>\n");
  }

  private void usersSection() {
    html.append("<section id=\"users\"><h2>Top users</h2>\n");
    UserSpread spread = figures.spread;
    if (spread == null) {
      html.append("<p class=\"note\">No user figures: --mode=").append(text(facts.mode()))
          .append(" does not compute user_traffic.</p></section>\n");
      return;
    }
    html.append("<p class=\"note\"><span id=\"users-total\">").append(count(spread.users))
        .append("</span> users made <span id=\"pageviews-total\">").append(count(spread.pageviews))
        .append("</span> pageviews and fetched <span id=\"bytes-total\">").append(count(spread.bytes))
        .append("</span> bytes.");
    if (!facts.showUserIds()) {
      html.append(" User ids are left out of this report (--reportUserIds=false).");
    }
    html.append("</p>\n<div class=\"pair\">\n");
    topTable("top-pageviews", "The " + TrafficReport.TOP_USERS + " with the most pageviews",
        figures.topByPageviews);
    topTable("top-bytes", "The " + TrafficReport.TOP_USERS + " with the most bytes",
        figures.topByBytes);
    html.append("</div></section>\n");
  }

  private void topTable(String id, String title, @Nullable List<UserRank> top) {
    html.append("<div><h3>").append(text(title)).append("</h3>\n<table id=\"").append(id)
        .append("\"><thead><tr><th class=\"num\">#</th><th>user</th><th class=\"num\">pageviews</th>"
            + "<th class=\"num\">bytes</th></tr></thead><tbody>\n");
    List<UserRank> ranks = top == null ? List.of() : top;
    for (int i = 0; i < ranks.size(); i++) {
      UserRank user = ranks.get(i);
      html.append("<tr><td class=\"num\">").append(i + 1).append("</td><td class=\"user\">")
          .append(facts.showUserIds() ? text(user.user()) : "(hidden)")
          .append("</td><td class=\"num\">").append(count(user.pageviews()))
          .append("</td><td class=\"num\">").append(count(user.bytes())).append("</td></tr>\n");
    }
    html.append("</tbody></table></div>\n");
  }

  private void spreadSection() {
    UserSpread spread = figures.spread;
    if (spread == null) {
      return;
    }
    html.append("<section id=\"spread\"><h2>How traffic spreads over users</h2>\n"
        + "<p class=\"note\">Users by their number of pageviews, in buckets that double: a user far"
        + " busier than the rest, such as a bot, stands alone on the right.</p>\n"
        + "<div class=\"chart\" id=\"spread-chart\"></div>\n<table id=\"spread-table\"><thead><tr>"
        + "<th>pageviews per user</th><th class=\"num\">users</th></tr></thead><tbody>\n");
    int last = lastBucket(spread);
    for (int k = 0; k <= last; k++) {
      html.append("<tr><td>").append(text(bucketLabel(k))).append("</td><td class=\"num\">")
          .append(count(spread.usersPerBucket[k])).append("</td></tr>\n");
    }
    html.append("</tbody></table></section>\n");
  }

  private void rejectedSection() {
    html.append("<section id=\"rejected\"><h2>Rejected lines</h2>\n");
    if (figures.rejectedPerReason.isEmpty()) {
      html.append("<p class=\"note\" id=\"no-rejected\">No line was rejected.</p></section>\n");
      return;
    }
    LineCounts totals = totals();
    long nonBlank = totals.events() + totals.deadLetters();
    html.append("<table id=\"reasons\"><thead><tr><th>reason</th><th class=\"num\">lines</th>"
        + "<th class=\"num\">share of non-blank lines</th></tr></thead><tbody>\n");
    for (Map.Entry<String, Long> reason : figures.reasonsByCount()) {
      html.append("<tr><td>").append(text(reason.getKey())).append("</td><td class=\"num\">")
          .append(count(reason.getValue())).append("</td><td class=\"num\">")
          .append(nonBlank > 0 ? percent(reason.getValue(), nonBlank) : "")
          .append("</td></tr>\n");
    }
    html.append("</tbody></table>\n<h3>Examples</h3>\n<p class=\"note\">The first lines of each"
        + " reason, by file and position, with the error the dead letter records; both cut to ")
        .append(RejectedLine.EXAMPLE_CHARS).append(" characters.");
    if (!facts.showUserIds()) {
      html.append(" Their text and error are left out (--reportUserIds=false): they can hold user"
          + " ids.");
    }
    html.append("</p>\n");
    for (Map.Entry<String, Long> reason : figures.reasonsByCount()) {
      html.append("<h3>").append(text(reason.getKey())).append("</h3>\n<ol class=\"examples\">\n");
      for (RejectedLine example : figures.examplesPerReason.getOrDefault(reason.getKey(), List.of())) {
        html.append("<li><span class=\"source\">")
            .append(text(example.source() == null ? "(unknown file)" : example.source()))
            .append(example.position() >= 0 ? " at " + example.position() : "")
            .append("</span>");
        if (facts.showUserIds()) {
          html.append("<code>").append(text(example.line())).append("</code>")
              .append("<span class=\"error\">").append(text(example.error())).append("</span>");
        }
        html.append("</li>\n");
      }
      html.append("</ol>\n");
    }
    html.append("</section>\n");
  }

  /** What the charts draw: time in epoch seconds, as uPlot takes it. */
  private JsonObject chartData() {
    JsonObject data = new JsonObject();
    TimeSeries series = figures.series;
    if (series != null && series.starts().length > 0) {
      JsonObject time = new JsonObject();
      JsonArray x = new JsonArray();
      JsonArray y = new JsonArray();
      for (int i = 0; i < series.starts().length; i++) {
        x.add(series.starts()[i] / 1000);
        y.add(series.pageviews()[i]);
      }
      time.add("x", x);
      time.add("y", y);
      time.addProperty("peakIndex", peakIndex(series));
      data.add("series", time);
      data.addProperty("bucketLabel", duration(series.bucketMillis()));
    }
    UserSpread spread = figures.spread;
    if (spread != null) {
      JsonObject histogram = new JsonObject();
      JsonArray labels = new JsonArray();
      JsonArray users = new JsonArray();
      for (int k = 0; k <= lastBucket(spread); k++) {
        labels.add(bucketLabel(k));
        users.add(spread.usersPerBucket[k]);
      }
      histogram.add("labels", labels);
      histogram.add("users", users);
      data.add("spread", histogram);
    }
    return data;
  }

  private LineCounts totals() {
    return figures.totals == null ? LineCounts.ZERO : figures.totals;
  }

  private void fact(String id, String label, String valueHtml) {
    html.append("<tr><th>").append(text(label)).append("</th><td id=\"").append(text(id))
        .append("\">").append(valueHtml).append("</td></tr>\n");
  }

  /** The first point with the most pageviews. */
  private static int peakIndex(TimeSeries series) {
    int peak = 0;
    for (int i = 1; i < series.pageviews().length; i++) {
      if (series.pageviews()[i] > series.pageviews()[peak]) {
        peak = i;
      }
    }
    return peak;
  }

  private static int lastBucket(UserSpread spread) {
    int last = -1;
    for (int k = 0; k < spread.usersPerBucket.length; k++) {
      if (spread.usersPerBucket[k] > 0) {
        last = k;
      }
    }
    return last;
  }

  /** "1", "2-3", "4-7", ...: the pageviews of the users in bucket {@code k}. */
  static String bucketLabel(int k) {
    long low = 1L << k;
    long high = k == 62 ? Long.MAX_VALUE : (1L << (k + 1)) - 1;
    return low == high ? Long.toString(low) : String.format(Locale.ROOT, "%,d\u2013%,d", low, high);
  }

  /** A width such as "1 minute", "30 minutes", "2 hours", "90 seconds". */
  static String duration(long millis) {
    long seconds = millis / 1000;
    long[] units = {86_400, 3_600, 60, 1};
    String[] names = {"day", "hour", "minute", "second"};
    for (int i = 0; i < units.length; i++) {
      if (seconds % units[i] == 0) {
        long n = seconds / units[i];
        return n + " " + names[i] + (n == 1 ? "" : "s");
      }
    }
    return seconds + " seconds";
  }

  private static String when(String isoInstant) {
    try {
      return UTC.format(Instant.parse(isoInstant));
    } catch (RuntimeException e) {
      return isoInstant;
    }
  }

  private static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  private static String percent(long part, long whole) {
    return String.format(Locale.ROOT, "%.2f%%", 100.0 * part / whole);
  }

  private static String text(String value) {
    return HTML.escape(value);
  }

  private static String packaged(String name) {
    return ReportPage.class.getPackageName().replace('.', '/') + "/" + name;
  }

  private static String uplotVersion() {
    Properties properties = new Properties();
    try (InputStream in = open(UPLOT_PROPERTIES)) {
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return properties.getProperty("version");
  }

  private static String resource(String name) {
    try (InputStream in = open(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static InputStream open(String name) throws IOException {
    InputStream in = ReportPage.class.getClassLoader().getResourceAsStream(name);
    if (in == null) {
      throw new IOException(name + " is not on the classpath; is the uPlot WebJar packaged?");
    }
    return in;
  }

  /** The CSP source that allows one inline block: its SHA-256, as Base64. */
  static String sha256(String block) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(block.getBytes(StandardCharsets.UTF_8));
      return "sha256-" + Base64.getEncoder().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
