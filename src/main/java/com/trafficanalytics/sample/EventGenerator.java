package com.trafficanalytics.sample;

import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

/**
 * Deterministic, seeded generator of web-server events in the original Google lab's format: one
 * JSON object per line (about 320 bytes), fields in this order and with this spacing:
 *
 * <pre>{@code
 * {"user_id": "-6434255326544341291", "ip": "192.175.49.116", "lat": 37.751, "lng": -97.822,
 *  "timestamp": "2026-03-05T21:49:42.746115Z", "http_request": "\"GET eucharya.html HTTP/1.0\"",
 *  "http_response": 200, "num_bytes": 182, "user_agent": "Mozilla/5.0 (compatible; ...)"}
 * }</pre>
 *
 * (shown wrapped here; each event is one line).
 *
 * <p>What the data looks like, so that tests and benchmarks see the shapes real logs have:
 *
 * <ul>
 *   <li>{@code user_id} is the decimal text of a random signed 64-bit number; each user keeps one
 *       IP address, location and user agent.
 *   <li>Every one of the {@code min(events, users)} users appears at least once. About a tenth of
 *       them appear exactly once; the other events go to the remaining users with a Zipf
 *       (1/rank) popularity, so a few users are heavy (the top one has roughly a tenth of all
 *       events) and most are light.
 *   <li>Two shapes for benchmarks of the merge, each off by default: {@code uniform} draws every
 *       event's user uniformly, with replacement, from the {@code users} (so with as many users
 *       as events about 63% of them appear, most once or twice: the highest cardinality real
 *       logs reach); a {@code botShare} gives that share of all events to one extra user, a bot,
 *       the worst skew a merge can meet.
 *   <li>Timestamps have microseconds and a {@code Z}, advance evenly over {@code [start, start +
 *       hours)} and carry up to {@value #JITTER_SECONDS} s of jitter either way, so the file is
 *       nearly but not exactly in time order, as real logs are. Every timestamp stays inside the
 *       span.
 *   <li>{@code num_bytes} is a non-negative integer spread log-uniformly over roughly 100 B to 2
 *       MB for successful requests, and exactly 0 for {@code 304}/{@code 204} answers (a few
 *       percent of the lines).
 * </ul>
 *
 * <p>The same arguments and seed always give byte-identical output (on any JVM: the only source
 * of randomness is {@link SplittableRandom}, whose algorithm is specified), so a benchmark input
 * can be cached by its arguments and a test can name exact expectations.
 *
 * <p>It is built for making files of millions of events quickly: every line is assembled into one
 * reused buffer from per-user pieces prepared in advance, numbers are written digit by digit
 * (no {@code String.format}, no JSON library) and output goes through a large buffered writer.
 * Memory is O(users), never O(events). One million events take a second or two.
 *
 * <p>Command line (all options optional; the output defaults to standard output, and a path
 * ending in {@code .gz} is gzip-compressed):
 *
 * <pre>{@code
 * java -cp target/traffic-analytics.jar com.trafficanalytics.sample.EventGenerator \
 *     --events=1000000 --users=10000 --hours=6 --seed=42 --output=events-1m.json
 * }</pre>
 *
 * <p>The project's sample file {@code data/events.json} was made with:
 *
 * <pre>{@code
 * java -cp target/traffic-analytics.jar com.trafficanalytics.sample.EventGenerator \
 *     --events=5000 --users=400 --hours=3 --seed=42 --output=data/events.json
 * }</pre>
 */
public final class EventGenerator {

  /** Seed used when none is given. */
  public static final long DEFAULT_SEED = 42L;

  /** Span used when none is given, in hours. */
  public static final double DEFAULT_HOURS = 6.0;

  /** Events per user when the user count is not given: 1,000,000 events give 10,000 users. */
  public static final int DEFAULT_EVENTS_PER_USER = 100;

  /** Start of the time span when none is given (the day of the lab's sample event). */
  public static final Instant DEFAULT_START = Instant.parse("2026-03-05T16:00:00Z");

  /** Largest shift of a timestamp away from its in-order position, in seconds. */
  public static final int JITTER_SECONDS = 5;

  /** Share of users (in per mille) that get exactly one event. */
  private static final int SINGLE_EVENT_USERS_PER_MILLE = 100;

  private static final long MICROS_PER_SECOND = 1_000_000L;
  private static final long MICROS_PER_DAY = 86_400L * MICROS_PER_SECOND;

  // Locations as the lab's GeoIP lookup printed them (the first is MaxMind's "somewhere in the
  // US" default, which real logs are full of). Kept as text so the output never depends on how a
  // double is printed.
  private static final String[][] LOCATIONS = {
    {"37.751", "-97.822"},
    {"40.7128", "-74.006"},
    {"34.0522", "-118.2437"},
    {"41.8781", "-87.6298"},
    {"47.6062", "-122.3321"},
    {"51.5074", "-0.1278"},
    {"48.8566", "2.3522"},
    {"52.52", "13.405"},
    {"35.6895", "139.6917"},
    {"-33.8688", "151.2093"},
    {"19.4326", "-99.1332"},
    {"-23.5505", "-46.6333"},
    {"28.6139", "77.209"},
    {"1.3521", "103.8198"},
    {"55.7558", "37.6173"},
    {"43.6532", "-79.3832"},
  };

  private static final String[] USER_AGENTS = {
    "Mozilla/5.0 (compatible; MSIE 7.0; Windows NT 5.01; Trident/5.1)",
    "Mozilla/5.0 (compatible; MSIE 9.0; Windows NT 6.1; Trident/4.0)",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko)",
    "Mozilla/5.0 (X11; Linux x86_64; rv:124.0) Gecko/20100101 Firefox/124.0",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15",
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/123.0 Mobile",
    "Opera/9.80 (Windows NT 6.0; en-US) Presto/2.9.181 Version/12.00",
    "Mozilla/5.0 (Windows NT 5.2) AppleWebKit/5320 (KHTML, like Gecko) Chrome/13.0.846.0",
    "Mozilla/5.0 (Windows; U; Windows NT 6.1) AppleWebKit/533.7.4 Version/4.0.3 Safari/533.7.4",
  };

  private static final String[] PAGES = {
    "eucharya", "index", "about", "contact", "products", "pricing", "blog", "search", "cart",
    "checkout", "login", "signup", "faq", "careers", "press", "terms", "privacy", "support",
    "catalog", "gallery", "news", "events", "team", "partners", "docs", "download", "account",
    "orders", "wishlist", "compare", "reviews", "sitemap",
  };

  private final long events;
  private final int users;
  private final long startMicros;
  private final long spanMicros;
  private final long seed;
  private final boolean uniform;
  private final long botEvents;

  /**
   * A generator of {@code events} events by up to {@code users} users over {@code hours} hours from
   * {@link #DEFAULT_START}.
   *
   * @param events number of lines to write, {@code >= 0}
   * @param users number of distinct users, {@code >= 1}; capped at {@code events}
   * @param hours length of the time span, {@code > 0}; at least one millisecond
   * @param seed the seed: the same arguments and seed give byte-identical output
   */
  public EventGenerator(long events, int users, double hours, long seed) {
    this(events, users, hours, seed, DEFAULT_START);
  }

  /**
   * A generator of {@code events} events by up to {@code users} users over {@code hours} hours from
   * {@code start}.
   *
   * @param events number of lines to write, {@code >= 0}
   * @param users number of distinct users, {@code >= 1}; capped at {@code events}
   * @param hours length of the time span, {@code > 0}; at least one millisecond
   * @param seed the seed: the same arguments and seed give byte-identical output
   * @param start first instant of the span; every timestamp lies in {@code [start, start+hours)}
   */
  public EventGenerator(long events, int users, double hours, long seed, Instant start) {
    this(events, users, hours, seed, start, false, 0);
  }

  /**
   * As {@link #EventGenerator(long, int, double, long, Instant)}, in one of the benchmark shapes
   * (see the class comment).
   *
   * @param uniform draw each event's user uniformly, with replacement, instead of by popularity
   * @param botShare the share of events, in {@code [0, 1)}, that go to one extra user, a bot
   */
  public EventGenerator(
      long events,
      int users,
      double hours,
      long seed,
      Instant start,
      boolean uniform,
      double botShare) {
    if (!(botShare >= 0 && botShare < 1)) {
      throw new IllegalArgumentException("botShare must be in [0, 1), got " + botShare);
    }
    this.uniform = uniform;
    this.botEvents = Math.round(events * botShare);
    if (events < 0) {
      throw new IllegalArgumentException("events must be >= 0, got " + events);
    }
    if (users < 1) {
      throw new IllegalArgumentException("users must be >= 1, got " + users);
    }
    if (!(hours > 0) || Double.isInfinite(hours)) {
      throw new IllegalArgumentException("hours must be a positive number, got " + hours);
    }
    this.events = events;
    this.users = (int) Math.max(1, Math.min(users, events - botEvents));
    this.spanMicros = Math.round(hours * 3600.0 * MICROS_PER_SECOND);
    if (spanMicros < 1000) {
      throw new IllegalArgumentException("hours must span at least one millisecond, got " + hours);
    }
    this.startMicros = Math.addExact(
        Math.multiplyExact(start.getEpochSecond(), MICROS_PER_SECOND), start.getNano() / 1000);
    this.seed = seed;
  }

  /** The user count for {@code events} events when none is given: one user per 100 events. */
  public static int defaultUsers(long events) {
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, events / DEFAULT_EVENTS_PER_USER));
  }

  /**
   * Number of distinct users in the output: {@code min(users, events)} (at least 1), the bot
   * included; with {@code uniform} draws, the most there can be.
   */
  public int distinctUsers() {
    return events == 0 ? 0 : users + (botEvents > 0 ? 1 : 0);
  }

  /**
   * Writes the events to {@code out}, one line each ending in {@code \n}, and flushes it. The
   * writer is not closed.
   */
  public void writeTo(Writer out) throws IOException {
    // Wrapping an already buffered writer again costs one copy per line; cheap next to the rest.
    Writer buffered = out instanceof BufferedWriter ? out : new BufferedWriter(out, 1 << 16);
    new Run(buffered).writeAll();
    buffered.flush();
  }

  /**
   * Writes the events to {@code out} as UTF-8 (in fact pure ASCII), and flushes it. The stream is
   * not closed.
   */
  public void writeTo(OutputStream out) throws IOException {
    writeTo(new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16));
  }

  /**
   * Writes the events to a file, replacing it; a name ending in {@code .gz} is gzip-compressed.
   * Parent folders are created.
   */
  public void writeTo(Path path) throws IOException {
    Path parent = path.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(path), 1 << 16);
        OutputStream out = path.toString().endsWith(".gz")
            ? new GZIPOutputStream(file, 1 << 16)
            : file) {
      writeTo(out);
    }
  }

  /** One pass of writing; holds the per-user tables and the random state. */
  private final class Run {
    /** The users, and the bot as the last one if there is one. */
    private final int allUsers = users + (botEvents > 0 ? 1 : 0);

    private final Writer out;
    private final SplittableRandom random = new SplittableRandom(seed);
    /** Per user: {@code {"user_id": "...", "ip": "...", "lat": .., "lng": .., "timestamp": "}. */
    private final char[][] prefixes = new char[allUsers][];
    /** Per user: {@code , "user_agent": "..."}} and the newline. */
    private final char[][] suffixes = new char[allUsers][];
    /** Fenwick tree over how many events each user still has to emit. */
    private final long[] remainingTree = new long[allUsers + 1];

    private final StringBuilder line = new StringBuilder(512);
    private char[] lineChars = new char[512];
    private long cachedDay = Long.MIN_VALUE;
    private String cachedDate = "";

    Run(Writer out) {
      this.out = out;
    }

    void writeAll() throws IOException {
      if (events == 0) {
        return;
      }
      makeUsers();
      long[] counts = eventsPerUser();
      for (int u = 0; u < allUsers; u++) {
        fenwickAdd(u, counts[u]);
      }
      // Event i belongs at the i-th slot of the span; which user emits it is drawn in proportion
      // to the events each user has left, i.e. a uniform shuffle of the per-user counts in O(users)
      // memory rather than O(events).
      double slot = (double) spanMicros / events;
      long jitter = JITTER_SECONDS * MICROS_PER_SECOND;
      long lastMicros = startMicros + spanMicros - 1;
      for (long i = 0; i < events; i++) {
        int user = fenwickTake(random.nextLong(events - i));
        long micros = startMicros + (long) ((i + random.nextDouble()) * slot)
            + random.nextLong(-jitter, jitter + 1);
        // Mirror jitter that falls outside the span back into it (clamping would pile events up
        // on the first and last microsecond); clamp only for spans shorter than the jitter.
        if (micros < startMicros) {
          micros = 2 * startMicros - micros;
        } else if (micros > lastMicros) {
          micros = 2 * lastMicros - micros;
        }
        micros = Math.max(startMicros, Math.min(lastMicros, micros));
        writeLine(user, micros);
      }
    }

    /** Ids, IP addresses, locations and agents, one per user, from the seeded random source. */
    private void makeUsers() {
      Set<Long> ids = new HashSet<>(users * 2);
      StringBuilder b = new StringBuilder(256);
      for (int u = 0; u < allUsers; u++) {
        long id;
        do {
          id = random.nextLong();
        } while (!ids.add(id));
        String[] location = LOCATIONS[random.nextInt(LOCATIONS.length)];
        b.setLength(0);
        b.append("{\"user_id\": \"").append(id).append("\", \"ip\": \"")
            .append(1 + random.nextInt(223)).append('.')
            .append(random.nextInt(256)).append('.')
            .append(random.nextInt(256)).append('.')
            .append(1 + random.nextInt(254))
            .append("\", \"lat\": ").append(location[0])
            .append(", \"lng\": ").append(location[1])
            .append(", \"timestamp\": \"");
        prefixes[u] = b.toString().toCharArray();
        b.setLength(0);
        b.append(", \"user_agent\": \"")
            .append(USER_AGENTS[random.nextInt(USER_AGENTS.length)])
            .append("\"}\n");
        suffixes[u] = b.toString().toCharArray();
      }
    }

    /**
     * How many events each user emits: one each, then the rest by Zipf popularity among the users
     * that are not single-event users.
     */
    private long[] eventsPerUser() {
      long[] counts = new long[allUsers];
      long userEvents = events - botEvents;
      if (botEvents > 0) {
        counts[users] = botEvents;
      }
      if (uniform) {
        for (long e = 0; e < userEvents; e++) {
          counts[random.nextInt(users)]++;
        }
        return counts;
      }
      java.util.Arrays.fill(counts, 0, users, 1L);
      int singles = users >= 10 ? (int) ((long) users * SINGLE_EVENT_USERS_PER_MILLE / 1000) : 0;
      int popular = users - singles;
      // Users 0..popular-1 have Zipf ranks 1..popular; their ids are random, so rank and id are
      // unrelated. Cumulative weights for sampling by binary search.
      double[] cumulative = new double[popular];
      double total = 0;
      for (int r = 0; r < popular; r++) {
        total += 1.0 / (r + 1);
        cumulative[r] = total;
      }
      for (long e = users; e < userEvents; e++) {
        double x = random.nextDouble() * total;
        int lo = 0;
        int hi = popular - 1;
        while (lo < hi) {
          int mid = (lo + hi) >>> 1;
          if (cumulative[mid] > x) {
            hi = mid;
          } else {
            lo = mid + 1;
          }
        }
        counts[lo]++;
      }
      return counts;
    }

    private void fenwickAdd(int index, long delta) {
      for (int i = index + 1; i <= allUsers; i += i & -i) {
        remainingTree[i] += delta;
      }
    }

    /** The user holding the {@code k}-th (0-based) remaining event; takes that event away. */
    private int fenwickTake(long k) {
      int pos = 0;
      for (int step = Integer.highestOneBit(allUsers); step > 0; step >>= 1) {
        int next = pos + step;
        if (next <= allUsers && remainingTree[next] <= k) {
          pos = next;
          k -= remainingTree[next];
        }
      }
      fenwickAdd(pos, -1);
      return pos;
    }

    private void writeLine(int user, long micros) throws IOException {
      StringBuilder b = line;
      b.setLength(0);
      b.append(prefixes[user]);
      appendTimestamp(b, micros);
      b.append("\", \"http_request\": \"\\\"");
      int kind = random.nextInt(100);
      b.append(kind < 93 ? "GET " : "POST ");
      b.append(PAGES[random.nextInt(PAGES.length)]).append(".html HTTP/1.0\\\"\"");
      // Status and size together: 304 and 204 carry no body, errors a small page, the rest a
      // log-uniform size.
      int status;
      long bytes;
      int r = random.nextInt(1000);
      if (r < 30) {
        status = 304;
        bytes = 0;
      } else if (r < 40) {
        status = 204;
        bytes = 0;
      } else if (r < 70) {
        status = 404;
        bytes = 150 + random.nextInt(200);
      } else if (r < 80) {
        status = 500;
        bytes = random.nextInt(600);
      } else {
        status = 200;
        bytes = (long) Math.exp(LOG_MIN_BYTES + random.nextDouble() * (LOG_MAX_BYTES - LOG_MIN_BYTES));
      }
      b.append(", \"http_response\": ").append(status);
      b.append(", \"num_bytes\": ").append(bytes);
      b.append(suffixes[user]);

      int length = b.length();
      if (lineChars.length < length) {
        lineChars = new char[length * 2];
      }
      // Copying into a reused array avoids a String per line (Writer.append would make one).
      b.getChars(0, length, lineChars, 0);
      out.write(lineChars, 0, length);
    }

    /** Appends {@code 2026-03-05T21:49:42.746115Z} for the given epoch microseconds. */
    private void appendTimestamp(StringBuilder b, long micros) {
      long day = Math.floorDiv(micros, MICROS_PER_DAY);
      if (day != cachedDay) {
        cachedDay = day;
        cachedDate = LocalDate.ofEpochDay(day).toString() + 'T';
      }
      b.append(cachedDate);
      long ofDay = micros - day * MICROS_PER_DAY;
      long seconds = ofDay / MICROS_PER_SECOND;
      appendDigits(b, seconds / 3600, 2);
      b.append(':');
      appendDigits(b, seconds / 60 % 60, 2);
      b.append(':');
      appendDigits(b, seconds % 60, 2);
      b.append('.');
      appendDigits(b, ofDay % MICROS_PER_SECOND, 6);
      b.append('Z');
    }
  }

  private static final double LOG_MIN_BYTES = Math.log(100);
  private static final double LOG_MAX_BYTES = Math.log(2_000_000);

  /** Appends {@code value} (non-negative) zero-padded to exactly {@code width} digits. */
  private static void appendDigits(StringBuilder b, long value, int width) {
    for (long scale = pow10(width - 1); scale > 0; scale /= 10) {
      b.append((char) ('0' + (value / scale) % 10));
    }
  }

  private static long pow10(int exponent) {
    long p = 1;
    for (int i = 0; i < exponent; i++) {
      p *= 10;
    }
    return p;
  }

  // ---------------------------------------------------------------------------------------------
  // Command line

  private static final String USAGE = String.join(
      "\n",
      "Usage: java -cp target/traffic-analytics.jar com.trafficanalytics.sample.EventGenerator"
          + " [options]",
      "  --events=N     number of events (default 1000000)",
      "  --users=U      distinct users (default events/100, at least 1)",
      "  --hours=H      length of the time span in hours, may be fractional (default 6)",
      "  --seed=S       random seed; same arguments and seed => identical bytes (default 42)",
      "  --start=T      first instant of the span, ISO-8601 (default 2026-03-05T16:00:00Z)",
      "  --uniform      draw each event's user uniformly (with --users=N equal to --events:",
      "                 about 63% of the users appear, most once or twice)",
      "  --botShare=F   give this share of all events, in [0, 1), to one extra user (a bot)",
      "  --output=PATH  file to write (a name ending in .gz is gzipped); default: standard output",
      "  --help         this text");

  /**
   * Writes events as the options say; see the class comment. Exit code 0 on success, 2 on a bad
   * option (with a message on standard error), 1 on an I/O failure.
   */
  public static void main(String[] args) {
    int code = run(args, System.out, System.err);
    if (code != 0) {
      System.exit(code);
    }
  }

  /** {@link #main} without {@code System.exit}, for tests: returns the exit code. */
  static int run(String[] args, PrintStream stdout, PrintStream stderr) {
    long events = 1_000_000L;
    Integer users = null;
    double hours = DEFAULT_HOURS;
    long seed = DEFAULT_SEED;
    Instant start = DEFAULT_START;
    String output = null;
    boolean uniform = false;
    double botShare = 0;
    EventGenerator generator;
    try {
      for (String arg : args) {
        if (arg.equals("--help") || arg.equals("-h")) {
          stdout.println(USAGE);
          return 0;
        }
        if (arg.equals("--uniform")) {
          uniform = true;
          continue;
        }
        int eq = arg.indexOf('=');
        if (!arg.startsWith("--") || eq < 0) {
          throw new IllegalArgumentException("expected --name=value, got '" + arg + "'");
        }
        String name = arg.substring(2, eq);
        String value = arg.substring(eq + 1);
        switch (name) {
          case "events" -> events = Long.parseLong(value);
          case "users" -> users = Integer.parseInt(value);
          case "hours" -> hours = Double.parseDouble(value);
          case "seed" -> seed = Long.parseLong(value);
          case "start" -> start = Instant.parse(value);
          case "output" -> output = value;
          case "botShare" -> botShare = Double.parseDouble(value);
          default -> throw new IllegalArgumentException("unknown option --" + name);
        }
      }
      generator = new EventGenerator(
          events,
          users != null ? users : defaultUsers(events),
          hours,
          seed,
          start,
          uniform,
          botShare);
    } catch (NumberFormatException | DateTimeParseException e) {
      stderr.println("EventGenerator: bad value: " + e.getMessage() + "\n" + USAGE);
      return 2;
    } catch (IllegalArgumentException e) {
      stderr.println("EventGenerator: " + e.getMessage() + "\n" + USAGE);
      return 2;
    }

    long began = System.nanoTime();
    try {
      if (output == null) {
        generator.writeTo((OutputStream) stdout);
      } else {
        generator.writeTo(Paths.get(output));
      }
    } catch (IOException e) {
      stderr.println("EventGenerator: could not write " + (output == null ? "standard output"
          : output) + ": " + e);
      return 1;
    }
    if (output != null) {
      stderr.printf(
          "EventGenerator: wrote %d events (%d users, %s h, seed %d) to %s in %.1f s%n",
          events, generator.distinctUsers(), hours, seed, output,
          Duration.ofNanos(System.nanoTime() - began).toMillis() / 1000.0);
    }
    return 0;
  }
}
