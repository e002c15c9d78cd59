package io.promptstream.schemas.testutil;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An HTTP server that answers registry calls from a script and records every request. For the
 * client's behaviour that a real registry cannot be made to show on demand: counting calls, slow
 * answers, Confluent-only error codes, non-JSON error pages.
 */
public final class StubRegistryServer implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final Map<String, ConcurrentLinkedDeque<Answer>> script = new ConcurrentHashMap<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();

  private StubRegistryServer() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** A stub on a free loopback port. */
  public static StubRegistryServer start() {
    return new StubRegistryServer();
  }

  /** The stub's base URL. */
  public URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /**
   * Answers {@code method pathAndQuery} with {@code answers} in turn; the last one repeats.
   * Unscripted requests get HTTP 500.
   */
  public StubRegistryServer on(String method, String pathAndQuery, Answer... answers) {
    script.put(key(method, pathAndQuery), new ConcurrentLinkedDeque<>(List.of(answers)));
    return this;
  }

  /** Every request received so far. */
  public List<Request> requests() {
    return List.copyOf(requests);
  }

  /** How many {@code method pathAndQuery} requests were received. */
  public long count(String method, String pathAndQuery) {
    return requests.stream()
        .filter(r -> r.method().equals(method) && r.pathAndQuery().equals(pathAndQuery))
        .count();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    URI uri = exchange.getRequestURI();
    String pathAndQuery =
        uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    Request request = new Request(exchange.getRequestMethod(), pathAndQuery, body);
    requests.add(request);
    ConcurrentLinkedDeque<Answer> answers = script.get(key(request.method(), pathAndQuery));
    Answer answer =
        answers == null
            ? Answer.json(
                500,
                "{\"error_code\":50000,\"message\":\"not scripted: "
                    + key(request.method(), pathAndQuery)
                    + "\"}")
            : answers.size() > 1 ? answers.poll() : answers.peek();
    try {
      Thread.sleep(answer.delay().toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", answer.contentType());
    exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static String key(String method, String pathAndQuery) {
    return method + " " + pathAndQuery;
  }

  /** A request as received. */
  public record Request(String method, String pathAndQuery, String body) {}

  /** A scripted answer. */
  public record Answer(int status, String contentType, String body, Duration delay) {
    public static Answer json(int status, String body) {
      return new Answer(status, "application/vnd.schemaregistry.v1+json", body, Duration.ZERO);
    }

    public static Answer text(int status, String contentType, String body) {
      return new Answer(status, contentType, body, Duration.ZERO);
    }

    public Answer after(Duration delay) {
      return new Answer(status, contentType, body, delay);
    }
  }
}
