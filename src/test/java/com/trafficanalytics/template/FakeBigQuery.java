package com.trafficanalytics.template;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The BigQuery calls a launch makes, answered on the loopback interface.
 *
 * <p>Before it submits a job, BigQueryIO checks that each destination dataset exists ({@code
 * datasets.get}); with no network that call would be retried for minutes and then fail the launch.
 * Pointed at by {@code --bigQueryEndpoint}, this server says the datasets it was given exist (and
 * answers 404 for any other) and records what was asked, so a test sees the real check happen. A
 * dated run ({@code --runDate}) also looks up its tables ({@code tables.get}): this server answers
 * with the tables given to {@link #withTable} and 404 for any other.
 */
public final class FakeBigQuery implements AutoCloseable {

  private static final Pattern DATASET_GET =
      Pattern.compile(".*/projects/([^/]+)/datasets/([^/?]+)");
  private static final Pattern TABLE_GET =
      Pattern.compile(".*/projects/([^/]+)/datasets/([^/]+)/tables/([^/?]+)");

  private final HttpServer server;
  private final Set<String> datasets;
  private final List<String> datasetsAsked = Collections.synchronizedList(new ArrayList<>());
  private final Map<String, String> tables = new ConcurrentHashMap<>();

  /** Starts a server on which the {@code PROJECT:DATASET} names in {@code datasets} exist. */
  public FakeBigQuery(Set<String> datasets) throws IOException {
    this.datasets = datasets;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::answer);
    server.start();
  }

  /**
   * Makes the table {@code PROJECT:DATASET.TABLE} exist, described by {@code json} (a {@code
   * Table} resource of BigQuery's API, e.g. with its {@code timePartitioning}).
   */
  public FakeBigQuery withTable(String table, String json) {
    tables.put(table, json);
    return this;
  }

  /** The value for {@code --bigQueryEndpoint}. */
  public String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** The {@code PROJECT:DATASET} of every dataset lookup so far, in order. */
  public List<String> datasetsAsked() {
    return List.copyOf(datasetsAsked);
  }

  private void answer(HttpExchange exchange) throws IOException {
    Matcher matcher = DATASET_GET.matcher(exchange.getRequestURI().getPath());
    Matcher table = TABLE_GET.matcher(exchange.getRequestURI().getPath());
    int status = 404;
    String body = "{\"error\":{\"code\":404,\"message\":\"Not found\"}}";
    if (exchange.getRequestMethod().equals("GET") && table.matches()) {
      String json = tables.get(table.group(1) + ":" + table.group(2) + "." + table.group(3));
      if (json != null) {
        status = 200;
        body = json;
      }
    } else if (exchange.getRequestMethod().equals("GET") && matcher.matches()) {
      String dataset = matcher.group(1) + ":" + matcher.group(2);
      datasetsAsked.add(dataset);
      if (datasets.contains(dataset)) {
        status = 200;
        body =
            String.format(
                "{\"kind\":\"bigquery#dataset\",\"id\":\"%s\",\"datasetReference\":"
                    + "{\"projectId\":\"%s\",\"datasetId\":\"%s\"},\"location\":\"US\"}",
                dataset, matcher.group(1), matcher.group(2));
      }
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
