package io.promptstream.schemas.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * A framed record names a schema id the registry does not know (it answered 404), so the record
 * cannot be decoded: it was written against another registry, or its schema was deleted.
 */
public class UnknownSchemaIdException extends SerializationException {
  private static final long serialVersionUID = 1L;

  private final int schemaId;

  public UnknownSchemaIdException(int schemaId, String message, Throwable cause) {
    super(message, cause);
    this.schemaId = schemaId;
  }

  /** The id the record carries. */
  public int schemaId() {
    return schemaId;
  }
}
