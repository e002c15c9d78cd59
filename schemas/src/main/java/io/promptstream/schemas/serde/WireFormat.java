package io.promptstream.schemas.serde;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * The Confluent wire format every event is written in, so that any consumer in that ecosystem can
 * read it:
 *
 * <pre>
 * byte 0      magic byte, always 0
 * bytes 1..4  schema id, 32-bit big-endian, as the schema registry assigned it
 * bytes 5..   the record in Avro binary encoding, written with that schema
 * </pre>
 */
public final class WireFormat {
  /** The first byte of every framed record. */
  public static final byte MAGIC_BYTE = 0;

  /** Bytes before the Avro body: the magic byte and the schema id. */
  public static final int HEADER_SIZE = 5;

  private WireFormat() {}

  /**
   * The schema id of a framed record.
   *
   * @throws WireFormatException if {@code bytes} is null, shorter than {@link #HEADER_SIZE}, or
   *     does not start with {@link #MAGIC_BYTE}
   */
  public static int schemaId(byte[] bytes) {
    requireFramed(bytes);
    return ((bytes[1] & 0xff) << 24)
        | ((bytes[2] & 0xff) << 16)
        | ((bytes[3] & 0xff) << 8)
        | (bytes[4] & 0xff);
  }

  /**
   * A copy of the Avro body of a framed record.
   *
   * @throws WireFormatException as {@link #schemaId}
   */
  public static byte[] body(byte[] bytes) {
    requireFramed(bytes);
    return Arrays.copyOfRange(bytes, HEADER_SIZE, bytes.length);
  }

  /** Frames an Avro body written with schema {@code schemaId}. */
  public static byte[] frame(int schemaId, byte[] avroBody) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(HEADER_SIZE + avroBody.length);
    writeHeader(out, schemaId);
    out.writeBytes(avroBody);
    return out.toByteArray();
  }

  /** Writes the magic byte and {@code schemaId}; the Avro body follows. */
  public static void writeHeader(ByteArrayOutputStream out, int schemaId) {
    out.write(MAGIC_BYTE);
    out.write(schemaId >>> 24);
    out.write(schemaId >>> 16);
    out.write(schemaId >>> 8);
    out.write(schemaId);
  }

  private static void requireFramed(byte[] bytes) {
    if (bytes == null) {
      throw new WireFormatException("Expected a Confluent-framed Avro record, got null");
    }
    if (bytes.length < HEADER_SIZE) {
      throw new WireFormatException(
          "Expected a Confluent-framed Avro record of at least "
              + HEADER_SIZE
              + " bytes, got "
              + bytes.length);
    }
    if (bytes[0] != MAGIC_BYTE) {
      throw new WireFormatException(
          String.format(
              "Expected magic byte 0x00 at the start of a Confluent-framed Avro record, got 0x%02x"
                  + " (%d bytes); the record was not written by a Confluent-compatible serializer",
              bytes[0] & 0xff, bytes.length));
    }
  }
}
