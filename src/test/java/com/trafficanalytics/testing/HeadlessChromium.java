package com.trafficanalytics.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real headless Chromium (Debian's {@code chromium} package), driven over the DevTools protocol
 * with the JDK's own WebSocket client: opens a page, records every request the page makes and
 * every script error, evaluates expressions in the page and takes screenshots.
 */
public final class HeadlessChromium implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration STARTUP = Duration.ofSeconds(60);

  private final Process process;
  private final WebSocket socket;
  private final AtomicInteger nextId = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final List<JsonNode> events = new ArrayList<>();
  private final StringBuilder partial = new StringBuilder();

  private HeadlessChromium(Process process, WebSocket.Builder builder, URI page)
      throws InterruptedException, java.util.concurrent.ExecutionException {
    this.process = process;
    this.socket = builder.buildAsync(page, new Listener()).get();
  }

  /**
   * Starts Chromium with a fresh profile in {@code profile} and the flags that keep it from any
   * network of its own.
   */
  public static HeadlessChromium start(Path profile) throws Exception {
    String binary = System.getenv().getOrDefault("CHROMIUM", "chromium");
    List<String> command =
        List.of(
            binary,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--user-data-dir=" + profile,
            "--remote-debugging-port=0",
            "about:blank");
    Process process;
    try {
      process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(profile.resolveSibling(profile.getFileName() + ".log").toFile())
              .start();
    } catch (IOException e) {
      throw new AssertionError(
          "cannot start " + binary + ": install Debian's chromium (apt-get install -y chromium),"
              + " as .ci/run does, or point $CHROMIUM at it",
          e);
    }
    Path activePort = profile.resolve("DevToolsActivePort");
    long deadline = System.nanoTime() + STARTUP.toNanos();
    while (!Files.exists(activePort) || Files.readAllLines(activePort).size() < 2) {
      if (System.nanoTime() > deadline || !process.isAlive()) {
        process.destroyForcibly();
        throw new AssertionError("chromium did not open its DevTools port; see " + profile + ".log");
      }
      Thread.sleep(100);
    }
    int port = Integer.parseInt(Files.readAllLines(activePort).get(0).trim());
    HttpClient http = HttpClient.newHttpClient();
    JsonNode targets =
        JSON.readTree(
            http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .body());
    for (JsonNode target : targets) {
      if (target.path("type").asText().equals("page")) {
        HeadlessChromium browser =
            new HeadlessChromium(
                process,
                http.newWebSocketBuilder(),
                URI.create(target.path("webSocketDebuggerUrl").asText()));
        browser.call("Network.enable", Map.of());
        browser.call("Page.enable", Map.of());
        browser.call("Runtime.enable", Map.of());
        browser.call("Log.enable", Map.of());
        return browser;
      }
    }
    process.destroyForcibly();
    throw new AssertionError("chromium has no page to drive");
  }

  /** Sends one DevTools command and waits for its result. */
  public JsonNode call(String method, Map<String, ?> params) throws Exception {
    int id = nextId.incrementAndGet();
    CompletableFuture<JsonNode> result = new CompletableFuture<>();
    pending.put(id, result);
    ObjectNode message = JSON.createObjectNode();
    message.put("id", id).put("method", method).set("params", JSON.valueToTree(params));
    socket.sendText(JSON.writeValueAsString(message), true).get(30, TimeUnit.SECONDS);
    JsonNode response = result.get(60, TimeUnit.SECONDS);
    if (response.has("error")) {
      throw new AssertionError(method + " failed: " + response.get("error"));
    }
    return response.path("result");
  }

  /**
   * Opens {@code url} at a laptop's width and waits until the page has loaded; what {@link
   * #requestedUrls} and {@link #errors} report starts afresh with it.
   */
  public void open(String url, int width, int height) throws Exception {
    synchronized (this) {
      events.clear();
    }
    call(
        "Emulation.setDeviceMetricsOverride",
        Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", false));
    int before = eventCount("Page.loadEventFired");
    call("Page.navigate", Map.of("url", url));
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (eventCount("Page.loadEventFired") == before) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the page did not load: " + url);
      }
      Thread.sleep(50);
    }
  }

  /** The value of a JavaScript expression in the page. */
  public JsonNode evaluate(String expression) throws Exception {
    JsonNode result =
        call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true));
    if (result.has("exceptionDetails")) {
      throw new AssertionError(expression + " threw: " + result.get("exceptionDetails"));
    }
    return result.path("result").path("value");
  }

  /** A PNG of the whole page, not only the viewport. */
  public byte[] screenshot() throws Exception {
    JsonNode size = call("Page.getLayoutMetrics", Map.of()).path("cssContentSize");
    JsonNode shot =
        call(
            "Page.captureScreenshot",
            Map.of(
                "format",
                "png",
                "captureBeyondViewport",
                true,
                "clip",
                Map.of(
                    "x", 0, "y", 0, "width", size.path("width").asDouble(),
                    "height", size.path("height").asDouble(), "scale", 1)));
    return Base64.getDecoder().decode(shot.path("data").asText());
  }

  /** The URL of every request the page made, as Chromium's network layer saw them. */
  public synchronized List<String> requestedUrls() {
    List<String> urls = new ArrayList<>();
    for (JsonNode event : events) {
      if (event.path("method").asText().equals("Network.requestWillBeSent")) {
        urls.add(event.path("params").path("request").path("url").asText());
      }
    }
    return urls;
  }

  /** Script exceptions, console errors and browser log errors (a CSP violation is one). */
  public synchronized List<String> errors() {
    List<String> errors = new ArrayList<>();
    for (JsonNode event : events) {
      String method = event.path("method").asText();
      JsonNode params = event.path("params");
      if (method.equals("Runtime.exceptionThrown")) {
        errors.add(params.path("exceptionDetails").toString());
      } else if (method.equals("Runtime.consoleAPICalled")
          && params.path("type").asText().equals("error")) {
        errors.add(params.path("args").toString());
      } else if (method.equals("Log.entryAdded")
          && params.path("entry").path("level").asText().equals("error")) {
        errors.add(params.path("entry").path("text").asText());
      }
    }
    return errors;
  }

  private synchronized int eventCount(String method) {
    int n = 0;
    for (JsonNode event : events) {
      if (event.path("method").asText().equals(method)) {
        n++;
      }
    }
    return n;
  }

  private synchronized void received(String text) throws IOException {
    JsonNode message = JSON.readTree(text);
    if (message.has("id")) {
      CompletableFuture<JsonNode> result = pending.remove(message.get("id").asInt());
      if (result != null) {
        result.complete(message);
      }
    } else {
      events.add(message);
    }
  }

  @Override
  public void close() throws Exception {
    try {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      // The browser is stopped below either way.
    }
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }

  private final class Listener implements WebSocket.Listener {
    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        String text = partial.toString();
        partial.setLength(0);
        try {
          received(text);
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
      }
      webSocket.request(1);
      return null;
    }
  }
}
