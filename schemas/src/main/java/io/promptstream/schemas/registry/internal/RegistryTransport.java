package io.promptstream.schemas.registry.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.promptstream.schemas.registry.SchemaRegistryException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * JSON over HTTP to a Confluent-compatible registry: builds URLs below the base URL, sends requests
 * with the registry's media type and timeouts, and turns transport failures into {@link
 * SchemaRegistryException}s. It does not interpret error statuses; callers do, since the same
 * status means different things on different endpoints.
 */
public final class RegistryTransport {
  /** The media type of the Confluent REST API, version 1. */
  public static final String MEDIA_TYPE = "application/vnd.schemaregistry.v1+json";

  // The same preference list Confluent's own client sends.
  private static final String ACCEPT =
      MEDIA_TYPE + ", application/vnd.schemaregistry+json; qs=0.9, application/json; qs=0.5";
  private static final int MAX_ERROR_TEXT = 500;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String baseUrl;
  private final HttpClient http;
  private final Duration requestTimeout;

  /**
   * @param baseUrl where the Confluent API lives, e.g. {@code http://host:8081} for Confluent or
   *     {@code http://host:8080/apis/ccompat/v7} for Apicurio
   */
  public RegistryTransport(URI baseUrl, Duration connectTimeout, Duration requestTimeout) {
    String url = Objects.requireNonNull(baseUrl, "baseUrl").toString();
    this.baseUrl = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(Objects.requireNonNull(connectTimeout, "connectTimeout"))
            // Plain HTTP/1.1: an h2c upgrade attempt buys nothing for small JSON calls and some
            // proxies in front of registries mishandle it.
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /** The base URL, without a trailing slash. */
  public String baseUrl() {
    return baseUrl;
  }

  /** An empty JSON object for a request body. */
  public static ObjectNode object() {
    return JSON.createObjectNode();
  }

  /** {@code value} encoded as one URL path segment (subjects may hold any character). */
  public static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** The absolute URL of {@code path}, which starts with a slash. */
  public URI uri(String path) {
    return URI.create(baseUrl + path);
  }

  /** GET {@code path}; {@code context} names what is being done, for error messages. */
  public Reply get(String path, String context) {
    return send(HttpRequest.newBuilder(uri(path)).GET(), context);
  }

  /** POST {@code body} to {@code path}. */
  public Reply post(String path, JsonNode body, String context) {
    return send(HttpRequest.newBuilder(uri(path)).POST(bodyOf(body)), context);
  }

  /** PUT {@code body} to {@code path}. */
  public Reply put(String path, JsonNode body, String context) {
    return send(HttpRequest.newBuilder(uri(path)).PUT(bodyOf(body)), context);
  }

  /** A {@link SchemaRegistryException} describing an unexpected reply. */
  public static SchemaRegistryException failure(String context, Reply reply) {
    return new SchemaRegistryException(
        context, reply.uri(), reply.status(), reply.errorCode(), reply.message(), null);
  }

  private static HttpRequest.BodyPublisher bodyOf(JsonNode body) {
    try {
      return HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Request body is not serializable: " + body, e);
    }
  }

  private Reply send(HttpRequest.Builder request, String context) {
    HttpRequest built =
        request
            .timeout(requestTimeout)
            .header("Accept", ACCEPT)
            .header("Content-Type", MEDIA_TYPE)
            .build();
    HttpResponse<String> response;
    try {
      response = http.send(built, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (HttpTimeoutException e) {
      throw unreachable(
          context + ": the schema registry did not answer within " + requestTimeout, built, e);
    } catch (IOException e) {
      throw unreachable(context + ": could not reach the schema registry", built, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unreachable(context + ": interrupted while calling the schema registry", built, e);
    }
    return new Reply(built.uri(), response.statusCode(), parse(response.body()));
  }

  private static SchemaRegistryException unreachable(
      String context, HttpRequest request, Exception cause) {
    return new SchemaRegistryException(
        context,
        request.uri(),
        SchemaRegistryException.NO_STATUS,
        SchemaRegistryException.NO_ERROR_CODE,
        null,
        cause);
  }

  // Error bodies from proxies or servlet containers may not be JSON; keep them as text so that
  // the error message still shows what came back.
  private static JsonNode parse(String body) {
    if (body == null || body.isBlank()) {
      return JSON.nullNode();
    }
    try {
      return JSON.readTree(body);
    } catch (JsonProcessingException e) {
      return TextNode.valueOf(
          body.length() > MAX_ERROR_TEXT ? body.substring(0, MAX_ERROR_TEXT) + "..." : body);
    }
  }

  /**
   * A registry answer.
   *
   * @param uri the URL that was called
   * @param status the HTTP status
   * @param body the parsed JSON body; a text node if the body was not JSON; a null node if empty
   */
  public record Reply(URI uri, int status, JsonNode body) {
    /** Whether the status is 2xx. */
    public boolean ok() {
      return status >= 200 && status < 300;
    }

    /** The Confluent {@code error_code}, or {@link SchemaRegistryException#NO_ERROR_CODE}. */
    public int errorCode() {
      JsonNode code = body.path("error_code");
      return code.canConvertToInt() ? code.asInt() : SchemaRegistryException.NO_ERROR_CODE;
    }

    /** The registry's {@code message}, the raw body if it was not JSON, or null. */
    public String message() {
      if (body.isTextual()) {
        return body.asText();
      }
      JsonNode message = body.path("message");
      return message.isTextual() ? message.asText() : null;
    }
  }
}
