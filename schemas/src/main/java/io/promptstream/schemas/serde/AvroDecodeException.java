package io.promptstream.schemas.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * The Avro body of a framed record cannot be decoded with the writer schema its id names, or cannot
 * be resolved to the reader's schema: it is truncated, corrupt, or has bytes left over.
 */
public class AvroDecodeException extends SerializationException {
  private static final long serialVersionUID = 1L;

  private final int schemaId;

  public AvroDecodeException(int schemaId, String message, Throwable cause) {
    super(message, cause);
    this.schemaId = schemaId;
  }

  /** The writer schema id the record carries. */
  public int schemaId() {
    return schemaId;
  }
}
