package io.promptstream.schemas.registry;

import java.net.URI;

/**
 * The schema registry refused a request, answered something unusable, or could not be reached.
 *
 * <p>Carries what the registry said, so a caller can tell an outage ({@link #httpStatus()} is
 * {@link #NO_STATUS}, or 5xx) from a refusal (4xx). Subclasses name the refusals callers handle:
 * {@link SchemaNotFoundException} and {@link IncompatibleSchemaException}.
 *
 * <p>Deliberately not a Kafka {@code SerializationException}: a registry outage is not the fault of
 * the record being (de)serialized, and handlers that dead-letter bad records must not dead-letter
 * good ones while the registry is down.
 */
public class SchemaRegistryException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** {@link #httpStatus()} when no HTTP response arrived (connection refused, timeout). */
  public static final int NO_STATUS = -1;

  /** {@link #errorCode()} when the response carried no Confluent {@code error_code}. */
  public static final int NO_ERROR_CODE = -1;

  private final URI requestUri;
  private final int httpStatus;
  private final int errorCode;
  private final String registryMessage;

  /**
   * @param context what was attempted, naming the subject or id
   * @param requestUri the URL that was called
   * @param httpStatus the response status, or {@link #NO_STATUS}
   * @param errorCode the registry's {@code error_code}, or {@link #NO_ERROR_CODE}
   * @param registryMessage the registry's {@code message}, or null
   * @param cause the underlying failure, or null
   */
  public SchemaRegistryException(
      String context,
      URI requestUri,
      int httpStatus,
      int errorCode,
      String registryMessage,
      Throwable cause) {
    super(describe(context, requestUri, httpStatus, errorCode, registryMessage, cause), cause);
    this.requestUri = requestUri;
    this.httpStatus = httpStatus;
    this.errorCode = errorCode;
    this.registryMessage = registryMessage;
  }

  /** The URL that was called; null if the failure happened before a request was made. */
  public URI requestUri() {
    return requestUri;
  }

  /** The HTTP status of the registry's answer, or {@link #NO_STATUS} if none arrived. */
  public int httpStatus() {
    return httpStatus;
  }

  /**
   * The registry's Confluent error code (e.g. 40401 subject not found, 40403 schema not found, 409
   * incompatible, 42201 invalid schema), or {@link #NO_ERROR_CODE}.
   */
  public int errorCode() {
    return errorCode;
  }

  /** The registry's own explanation, or null if it gave none. */
  public String registryMessage() {
    return registryMessage;
  }

  private static String describe(
      String context,
      URI requestUri,
      int httpStatus,
      int errorCode,
      String registryMessage,
      Throwable cause) {
    StringBuilder text = new StringBuilder(context);
    if (requestUri != null) {
      text.append(" [").append(requestUri);
      if (httpStatus != NO_STATUS) {
        text.append(" -> HTTP ").append(httpStatus);
      }
      if (errorCode != NO_ERROR_CODE) {
        text.append(", error_code ").append(errorCode);
      }
      if (registryMessage != null && !registryMessage.isBlank()) {
        text.append(": ").append(registryMessage);
      }
      text.append(']');
    }
    if (httpStatus == NO_STATUS && cause != null) {
      text.append(": ").append(cause);
    }
    return text.toString();
  }
}
