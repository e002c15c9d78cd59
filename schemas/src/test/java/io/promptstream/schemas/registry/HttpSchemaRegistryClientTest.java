package io.promptstream.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.promptstream.schemas.testutil.StubRegistryServer;
import io.promptstream.schemas.testutil.StubRegistryServer.Answer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The client against a scripted HTTP server: what a real registry cannot be made to do on demand
 * (count calls, answer slowly, speak Confluent-only error codes, return an HTML error page).
 */
class HttpSchemaRegistryClientTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Schema SCHEMA =
      SchemaBuilder.record("Ping").namespace("test").fields().requiredString("id").endRecord();

  private final StubRegistryServer stub = StubRegistryServer.start();
  private final HttpSchemaRegistryClient client = HttpSchemaRegistryClient.create(stub.url());

  @AfterEach
  void stopStub() {
    stub.close();
  }

  @Test
  void shouldFetchASchemaIdOnceWhenManyThreadsMissAtOnce() throws Exception {
    stub.on("GET", "/schemas/ids/7", Answer.json(200, schemaBody()).after(Duration.ofMillis(300)));

    List<Schema> results = runConcurrently(8, () -> client.getById(7));

    assertThat(results).hasSize(8).containsOnly(SCHEMA);
    assertThat(stub.count("GET", "/schemas/ids/7")).isEqualTo(1);
    assertThat(client.getById(7)).isEqualTo(SCHEMA);
    assertThat(stub.count("GET", "/schemas/ids/7")).isEqualTo(1);
  }

  @Test
  void shouldRegisterOncePerSubjectAndSchemaAndApplyThePolicyFirst() {
    stub.on("GET", "/config/s-value?defaultToGlobal=true", Answer.json(404, error(40401)));
    stub.on("GET", "/config", Answer.json(200, "{\"compatibilityLevel\":\"NONE\"}"));
    stub.on("PUT", "/config/s-value", Answer.json(200, "{\"compatibility\":\"BACKWARD\"}"));
    stub.on("POST", "/subjects/s-value/versions?normalize=true", Answer.json(200, "{\"id\":12}"));

    int first = client.register("s-value", SCHEMA);
    int second = client.register("s-value", SCHEMA);

    assertThat(first).isEqualTo(12);
    assertThat(second).isEqualTo(12);
    assertThat(stub.requests())
        .extracting(r -> r.method() + " " + r.pathAndQuery())
        .containsExactly(
            "GET /config/s-value?defaultToGlobal=true",
            "GET /config",
            "PUT /config/s-value",
            "POST /subjects/s-value/versions?normalize=true");
    assertThat(stub.requests().get(2).body()).isEqualTo("{\"compatibility\":\"BACKWARD\"}");
    assertThat(stub.requests().get(3).body()).isEqualTo(schemaBody());
  }

  @Test
  void shouldLeaveAStrongerRuleAlone() {
    stub.on(
        "GET",
        "/config/s-value?defaultToGlobal=true",
        Answer.json(200, "{\"compatibilityLevel\":\"FULL_TRANSITIVE\"}"));
    stub.on("POST", "/subjects/s-value/versions?normalize=true", Answer.json(200, "{\"id\":3}"));

    client.register("s-value", SCHEMA);

    assertThat(stub.count("PUT", "/config/s-value")).isZero();
  }

  @Test
  void shouldStrengthenForwardToFullRatherThanReplaceIt() {
    stub.on(
        "GET",
        "/config/s-value?defaultToGlobal=true",
        Answer.json(200, "{\"compatibilityLevel\":\"FORWARD\"}"));
    stub.on("PUT", "/config/s-value", Answer.json(200, "{\"compatibility\":\"FULL\"}"));
    stub.on("POST", "/subjects/s-value/versions?normalize=true", Answer.json(200, "{\"id\":3}"));

    client.register("s-value", SCHEMA);

    assertThat(stub.requests())
        .filteredOn(r -> r.method().equals("PUT"))
        .extracting(StubRegistryServer.Request::body)
        .containsExactly("{\"compatibility\":\"FULL\"}");
  }

  @Test
  void shouldNotTouchRulesWhenThePolicyIsNone() {
    HttpSchemaRegistryClient permissive =
        HttpSchemaRegistryClient.builder()
            .setBaseUrl(stub.url())
            .optDefaultCompatibility(CompatibilityLevel.NONE)
            .build();
    stub.on("POST", "/subjects/s-value/versions?normalize=true", Answer.json(200, "{\"id\":3}"));

    permissive.register("s-value", SCHEMA);

    assertThat(stub.requests()).hasSize(1);
  }

  @Test
  void shouldNotOverrideALevelSetThroughTheSameClient() {
    stub.on("PUT", "/config/s-value", Answer.json(200, "{\"compatibility\":\"NONE\"}"));
    stub.on("POST", "/subjects/s-value/versions?normalize=true", Answer.json(200, "{\"id\":3}"));

    client.setCompatibility("s-value", CompatibilityLevel.NONE);
    client.register("s-value", SCHEMA);

    assertThat(stub.count("PUT", "/config/s-value")).isEqualTo(1);
    assertThat(stub.count("GET", "/config/s-value?defaultToGlobal=true")).isZero();
  }

  @Test
  void shouldTurnHttp409IntoIncompatibleSchemaException() {
    stub.on(
        "GET",
        "/config/s-value?defaultToGlobal=true",
        Answer.json(200, "{\"compatibilityLevel\":\"BACKWARD\"}"));
    stub.on(
        "POST",
        "/subjects/s-value/versions?normalize=true",
        Answer.json(
            409, "{\"error_code\":409,\"message\":\"Schema being registered is incompatible\"}"));

    assertThatThrownBy(() -> client.register("s-value", SCHEMA))
        .isInstanceOfSatisfying(
            IncompatibleSchemaException.class,
            e -> {
              assertThat(e.httpStatus()).isEqualTo(409);
              assertThat(e.errorCode()).isEqualTo(409);
              assertThat(e.registryMessage()).isEqualTo("Schema being registered is incompatible");
            })
        .hasMessageContaining("subject 's-value'")
        .hasMessageContaining(stub.url() + "/subjects/s-value/versions?normalize=true");
  }

  @Test
  void shouldNotCacheFailedLoads() {
    stub.on(
        "GET",
        "/schemas/ids/7",
        Answer.json(503, "{\"error_code\":50003,\"message\":\"try later\"}"),
        Answer.json(200, schemaBody()));

    assertThatThrownBy(() -> client.getById(7))
        .isExactlyInstanceOf(SchemaRegistryException.class)
        .hasMessageContaining("schema id 7")
        .hasMessageContaining("HTTP 503");
    assertThat(client.getById(7)).isEqualTo(SCHEMA);
    assertThat(stub.count("GET", "/schemas/ids/7")).isEqualTo(2);
  }

  @Test
  void shouldReportAnUnknownIdAsSchemaNotFound() {
    stub.on("GET", "/schemas/ids/99", Answer.json(404, error(40403)));

    assertThatThrownBy(() -> client.getById(99))
        .isInstanceOfSatisfying(
            SchemaNotFoundException.class, e -> assertThat(e.errorCode()).isEqualTo(40403))
        .hasMessageContaining("schema id 99")
        .hasMessageContaining(stub.url() + "/schemas/ids/99");
  }

  @Test
  void shouldFallBackToTheGlobalRuleWhenTheSubjectHasNone() {
    // Confluent 7 answers 40408 when a subject has no rule of its own.
    stub.on("GET", "/config/s-value?defaultToGlobal=true", Answer.json(404, error(40408)));
    stub.on("GET", "/config", Answer.json(200, "{\"compatibilityLevel\":\"FULL\"}"));

    assertThat(client.compatibility("s-value")).isEqualTo(CompatibilityLevel.FULL);
  }

  @Test
  void shouldTreatASubjectWithoutVersionsAsHavingNoLatest() {
    stub.on("GET", "/subjects/s-value/versions/latest", Answer.json(404, error(40401)));

    assertThat(client.latest("s-value")).isEmpty();
  }

  @Test
  void shouldKeepANonJsonErrorPageInTheException() {
    stub.on(
        "GET",
        "/schemas/ids/5",
        Answer.text(502, "text/html", "<html><body>Bad Gateway from proxy</body></html>"));

    assertThatThrownBy(() -> client.getById(5))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class,
            e -> {
              assertThat(e.httpStatus()).isEqualTo(502);
              assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.NO_ERROR_CODE);
              assertThat(e.registryMessage()).contains("Bad Gateway from proxy");
            });
  }

  @Test
  void shouldGiveUpOnASlowRegistryAfterTheRequestTimeout() {
    stub.on("GET", "/schemas/ids/8", Answer.json(200, schemaBody()).after(Duration.ofSeconds(3)));
    HttpSchemaRegistryClient impatient =
        HttpSchemaRegistryClient.builder()
            .setBaseUrl(stub.url())
            .optRequestTimeout(Duration.ofMillis(200))
            .build();

    long start = System.nanoTime();
    assertThatThrownBy(() -> impatient.getById(8))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class,
            e -> assertThat(e.httpStatus()).isEqualTo(SchemaRegistryException.NO_STATUS))
        .hasMessageContaining("did not answer within PT0.2S")
        .hasMessageContaining(stub.url() + "/schemas/ids/8");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
  }

  @Test
  void shouldNameTheUrlWhenTheRegistryIsUnreachable() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    URI nowhere = URI.create("http://127.0.0.1:" + closedPort + "/apis/ccompat/v7/");
    HttpSchemaRegistryClient unreachable = HttpSchemaRegistryClient.create(nowhere);

    assertThatThrownBy(() -> unreachable.getById(1))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class,
            e -> assertThat(e.httpStatus()).isEqualTo(SchemaRegistryException.NO_STATUS))
        .hasMessageContaining("could not reach the schema registry")
        .hasMessageContaining("http://127.0.0.1:" + closedPort + "/apis/ccompat/v7/schemas/ids/1");
  }

  @Test
  void shouldEncodeSubjectsAsOnePathSegment() {
    stub.on("GET", "/subjects/a%20b%2Fc-value/versions/latest", Answer.json(404, error(40401)));

    assertThat(client.latest("a b/c-value")).isEmpty();
    assertThat(stub.count("GET", "/subjects/a%20b%2Fc-value/versions/latest")).isEqualTo(1);
  }

  @Test
  void shouldRequireABaseUrl() {
    assertThatThrownBy(() -> HttpSchemaRegistryClient.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("baseUrl");
    assertThatThrownBy(() -> HttpSchemaRegistryClient.builder().optRequestTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("requestTimeout");
  }

  private static String schemaBody() {
    return JSON.createObjectNode().put("schema", SCHEMA.toString()).toString();
  }

  private static String error(int code) {
    return "{\"error_code\":" + code + ",\"message\":\"not found\"}";
  }

  private static <T> List<T> runConcurrently(int threads, Callable<T> task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        futures.add(pool.submit(task));
      }
      List<T> results = new ArrayList<>();
      for (Future<T> future : futures) {
        results.add(future.get());
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }
}
