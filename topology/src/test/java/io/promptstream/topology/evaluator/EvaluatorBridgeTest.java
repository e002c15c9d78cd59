package io.promptstream.topology.evaluator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.promptstream.events.Arm;
import io.promptstream.events.Judgment;
import io.promptstream.events.OptimizedPrompt;
import io.promptstream.events.PromptStatus;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The evaluator against a local OpenAI-compatible server: the "target LLM" answers the optimized
 * prompt better, the "judge" prefers the better answer wherever it is shown.
 */
class EvaluatorBridgeTest {

  private final ObjectMapper json = new ObjectMapper();
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicInteger failFirst = new AtomicInteger();
  private volatile int failStatus = 429;
  private HttpServer server;

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/v1/chat/completions",
        exchange -> {
          requests.incrementAndGet();
          JsonNode body = json.readTree(exchange.getRequestBody());
          if (failFirst.getAndDecrement() > 0) {
            reply(exchange, failStatus, "{\"error\":{\"message\":\"slow down\"}}");
            return;
          }
          String model = body.path("model").asText();
          String user = body.path("messages").path(1).path("content").asText();
          String answer;
          if (model.equals("judge")) {
            // The better answer carries a marker; name the position it was shown in.
            int a = user.indexOf("## Output (a)");
            int b = user.indexOf("## Output (b)");
            answer = user.substring(a, b).contains("[better]") ? "Output (a)" : "Output (b)";
          } else {
            answer = user.startsWith("As an expert") ? "[better] detailed answer" : "short answer";
          }
          reply(
              exchange,
              200,
              json.createObjectNode()
                  .set(
                      "choices",
                      json.createArrayNode()
                          .add(
                              json.createObjectNode()
                                  .set(
                                      "message",
                                      json.createObjectNode()
                                          .put("role", "assistant")
                                          .put("content", answer))))
                  .toString());
        });
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  private ChatCompletionsClient client(int maxAttempts) {
    return new ChatCompletionsClient(
        new ChatCompletionsClient.Settings(
            URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1"),
            "test-key",
            1_000,
            maxAttempts,
            Duration.ofMillis(10),
            Duration.ofSeconds(5)));
  }

  @Test
  void shouldPreferTheOptimizedAnswerWhicheverOrderTheJudgeSawThem() {
    ChatCompletionsClient client = client(3);
    int swapped = 0;
    EvaluatorBridge bridge =
        new EvaluatorBridge(
            client,
            t -> "target-" + t,
            new PairwiseJudge(client, "judge", new Random(42)),
            "judge",
            Clock.systemUTC());
    for (int i = 0; i < 8; i++) {
      Judgment j = bridge.evaluate(rewrite());
      assertThat(j.getPreference()).isEqualTo(2.0);
      assertThat(j.getOutput1()).isEqualTo("short answer");
      assertThat(j.getOutput2()).isEqualTo("[better] detailed answer");
      assertThat(j.getGenerator1()).isEqualTo("target-gemma-7b");
      assertThat(j.getRequestId()).isEqualTo("req-1");
      if (j.getAnnotator().contains("swapped")) {
        swapped++;
      }
    }
    // Both orders were exercised.
    assertThat(swapped).isBetween(1, 7);
  }

  @Test
  void shouldRetryRateLimitedRequestsWithBackoff() {
    failFirst.set(2);
    failStatus = 429;
    String answer = client(3).complete("target-x", "", "As an expert, explain", 0);
    assertThat(answer).isEqualTo("[better] detailed answer");
    assertThat(requests.get()).isEqualTo(3);
  }

  @Test
  void shouldFailAtOnceOnAClientError() {
    failFirst.set(1);
    failStatus = 400;
    assertThatThrownBy(() -> client(3).complete("target-x", "", "hi", 0))
        .isInstanceOf(ChatCompletionsClient.EndpointException.class)
        .hasMessageContaining("HTTP 400");
    assertThat(requests.get()).isEqualTo(1);
  }

  @Test
  void shouldParseTheJudgesAnswer() {
    assertThat(PairwiseJudge.parse("Output (a)")).isEqualTo(1.0);
    assertThat(PairwiseJudge.parse("I prefer output (b).")).isEqualTo(2.0);
    assertThat(PairwiseJudge.parse("Both are fine")).isEqualTo(1.5);
  }

  private static OptimizedPrompt rewrite() {
    return OptimizedPrompt.newBuilder()
        .setRequestId("req-1")
        .setConversationId("conv-1")
        .setUserId("user-1")
        .setTargetLlm("gemma-7b")
        .setArm(Arm.TREATMENT)
        .setStatus(PromptStatus.REWRITTEN)
        .setHeadVersion("v1")
        .setOriginalText("explain dns")
        .setSentText("As an expert network engineer, explain DNS step by step.")
        .setProducedAt(Instant.now())
        .build();
  }

  private static void reply(com.sun.net.httpserver.HttpExchange exchange, int status, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
