package io.promptstream.schemas.registry;

import java.net.URI;

/**
 * The registry does not know the schema id, the subject, or the schema under the subject (HTTP
 * 404). Retrying will not help until someone registers the schema.
 */
public class SchemaNotFoundException extends SchemaRegistryException {
  private static final long serialVersionUID = 1L;

  /** See {@link SchemaRegistryException#SchemaRegistryException}. */
  public SchemaNotFoundException(
      String context,
      URI requestUri,
      int httpStatus,
      int errorCode,
      String registryMessage,
      Throwable cause) {
    super(context, requestUri, httpStatus, errorCode, registryMessage, cause);
  }
}
