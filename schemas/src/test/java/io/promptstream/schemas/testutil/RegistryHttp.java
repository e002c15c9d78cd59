package io.promptstream.schemas.testutil;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Raw calls to a registry's Confluent API, so tests can check what the registry holds without going
 * through the client under test.
 */
public final class RegistryHttp {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private final URI base;

  public RegistryHttp(URI base) {
    this.base = base;
  }

  /** GET {@code path} and its JSON body; fails the test on a non-200 status. */
  public JsonNode get(String path) {
    return call(HttpRequest.newBuilder(URI.create(base + path)).GET());
  }

  /** PUT {@code json} to {@code path}. */
  public JsonNode put(String path, String json) {
    return call(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/vnd.schemaregistry.v1+json")
            .PUT(HttpRequest.BodyPublishers.ofString(json)));
  }

  /** The id of the latest version of {@code subject}, as the registry reports it. */
  public int latestId(String subject) {
    return get("/subjects/" + subject + "/versions/latest").get("id").asInt();
  }

  private static JsonNode call(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response =
          HTTP.send(
              request.timeout(Duration.ofSeconds(10)).build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new AssertionError(
            "Registry answered HTTP " + response.statusCode() + ": " + response.body());
      }
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new AssertionError("Registry call failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("Interrupted", e);
    }
  }
}
