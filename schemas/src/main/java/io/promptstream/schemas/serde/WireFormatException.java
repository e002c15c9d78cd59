package io.promptstream.schemas.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * The bytes are not a Confluent-framed record: null, shorter than the 5-byte header, or not
 * starting with magic byte 0. Retrying cannot help; the record is undecodable.
 */
public class WireFormatException extends SerializationException {
  private static final long serialVersionUID = 1L;

  public WireFormatException(String message) {
    super(message);
  }
}
