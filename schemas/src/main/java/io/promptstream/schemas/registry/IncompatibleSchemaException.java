package io.promptstream.schemas.registry;

import java.net.URI;

/**
 * The registry refused to register a schema because it breaks the subject's compatibility rule
 * (HTTP 409). Nothing was registered; producers of the new schema cannot write until the schema is
 * made compatible (for example by giving a new field a default) or the rule is relaxed.
 */
public class IncompatibleSchemaException extends SchemaRegistryException {
  private static final long serialVersionUID = 1L;

  /** See {@link SchemaRegistryException#SchemaRegistryException}. */
  public IncompatibleSchemaException(
      String context,
      URI requestUri,
      int httpStatus,
      int errorCode,
      String registryMessage,
      Throwable cause) {
    super(context, requestUri, httpStatus, errorCode, registryMessage, cause);
  }
}
