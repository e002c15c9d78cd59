package io.promptstream.topology.evaluator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A client of any OpenAI-compatible chat-completions endpoint ({@code POST
 * <base>/chat/completions}), rate-limited and retried: 429, 5xx and I/O failures are retried with
 * exponential backoff; other errors fail at once with the endpoint's message.
 */
public final class ChatCompletionsClient {

  /**
   * @param baseUrl e.g. {@code https://host/v1}
   * @param apiKey sent as a bearer token; may be empty for local endpoints
   * @param requestsPerSecond the most requests started per second
   * @param maxAttempts attempts per request, the first included
   * @param firstBackoff wait before the first retry; doubled each time
   */
  public record Settings(
      URI baseUrl,
      String apiKey,
      double requestsPerSecond,
      int maxAttempts,
      Duration firstBackoff,
      Duration timeout) {}

  /** A failure the endpoint reported. {@code retriable} for 429 and 5xx. */
  public static final class EndpointException extends RuntimeException {
    private final int status;

    EndpointException(int status, String message) {
      super(message);
      this.status = status;
    }

    public int status() {
      return status;
    }

    boolean retriable() {
      return status == 429 || status >= 500;
    }
  }

  private final Settings settings;
  private final HttpClient http;
  private final ObjectMapper json = new ObjectMapper();
  private final RateLimiter rateLimiter;
  private final Retry retry;

  public ChatCompletionsClient(Settings settings) {
    this.settings = settings;
    this.http = HttpClient.newBuilder().connectTimeout(settings.timeout()).build();
    int perPeriod = Math.max(1, (int) Math.round(settings.requestsPerSecond()));
    this.rateLimiter =
        RateLimiter.of(
            "chat-completions",
            RateLimiterConfig.custom()
                .limitForPeriod(perPeriod)
                .limitRefreshPeriod(Duration.ofSeconds(1))
                .timeoutDuration(Duration.ofMinutes(1))
                .build());
    this.retry =
        Retry.of(
            "chat-completions",
            RetryConfig.custom()
                .maxAttempts(settings.maxAttempts())
                .intervalFunction(
                    IntervalFunction.ofExponentialBackoff(settings.firstBackoff(), 2.0))
                .retryOnException(
                    e ->
                        e instanceof UncheckedIOException
                            || (e instanceof EndpointException ee && ee.retriable()))
                .build());
  }

  /**
   * The assistant's reply to {@code system} and {@code user} messages from {@code model}.
   *
   * @throws EndpointException when the endpoint refuses, or keeps failing after the retries
   */
  public String complete(String model, String system, String user, double temperature) {
    String body = requestBody(model, system, user, temperature);
    return Retry.decorateSupplier(
            retry, RateLimiter.decorateSupplier(rateLimiter, () -> send(body)))
        .get();
  }

  private String send(String body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(
                URI.create(
                    settings.baseUrl().toString().replaceAll("/$", "") + "/chat/completions"))
            .timeout(settings.timeout())
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (!settings.apiKey().isEmpty()) {
      request.header("Authorization", "Bearer " + settings.apiKey());
    }
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() / 100 != 2) {
        throw new EndpointException(
            response.statusCode(),
            "chat completion failed with HTTP "
                + response.statusCode()
                + ": "
                + abbreviate(response.body()));
      }
      JsonNode content =
          json.readTree(response.body()).path("choices").path(0).path("message").path("content");
      if (!content.isTextual()) {
        throw new EndpointException(
            502,
            "chat completion without choices[0].message.content: " + abbreviate(response.body()));
      }
      return content.asText();
    } catch (IOException e) {
      throw new UncheckedIOException("chat completion request failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during a chat completion", e);
    }
  }

  private String requestBody(String model, String system, String user, double temperature) {
    ObjectNode root = json.createObjectNode();
    root.put("model", model);
    root.put("temperature", temperature);
    ArrayNode messages = root.putArray("messages");
    messages.addObject().put("role", "system").put("content", system);
    messages.addObject().put("role", "user").put("content", user);
    return root.toString();
  }

  private static String abbreviate(String s) {
    return s.length() <= 300 ? s : s.substring(0, 300) + "…";
  }
}
