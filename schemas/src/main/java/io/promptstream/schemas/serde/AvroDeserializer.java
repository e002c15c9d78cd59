package io.promptstream.schemas.serde;

import io.promptstream.schemas.registry.SchemaNotFoundException;
import io.promptstream.schemas.registry.SchemaRegistryClient;
import io.promptstream.schemas.registry.SchemaRegistryException;
import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Confluent-framed records into one generated Avro class, whatever compatible schema they
 * were written with: the writer schema is fetched by the id in the frame (once per id) and resolved
 * to the class's schema by Avro schema resolution, so fields added with defaults since the writer's
 * version get their defaults and removed fields are skipped. Thread-safe. Null bytes deserialize to
 * null (a tombstone).
 *
 * <p>Record faults are {@link org.apache.kafka.common.errors.SerializationException}s: {@link
 * WireFormatException} (not framed), {@link UnknownSchemaIdException} (the registry does not know
 * the id), {@link AvroDecodeException} (the body does not decode, or bytes are left over). Registry
 * outages throw {@link SchemaRegistryException} instead, so that a handler dead-lettering bad
 * records does not dead-letter good ones while the registry is down.
 */
public class AvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {
  private final Class<T> type;
  private final Schema readerSchema;
  private final SpecificData model;
  private final SchemaRegistryClient client;
  // Built once per writer id. Avro datum readers may be shared across threads: their resolving
  // decoders are kept per thread inside Avro.
  private final ConcurrentHashMap<Integer, DatumReader<T>> readersById = new ConcurrentHashMap<>();

  /**
   * @param type the generated Avro class to read into
   * @param client where writer schemas are fetched by id
   */
  public AvroDeserializer(Class<T> type, SchemaRegistryClient client) {
    this.type = Objects.requireNonNull(type, "type");
    this.client = Objects.requireNonNull(client, "client");
    this.model = SpecificData.getForClass(type);
    this.readerSchema = model.getSchema(type);
  }

  /** The reader schema: that of the generated class. */
  public Schema schema() {
    return readerSchema;
  }

  @Override
  public T deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    int schemaId = WireFormat.schemaId(data);
    DatumReader<T> reader = readerFor(schemaId, topic);
    // Decoders over a byte array hold no buffer of their own: a fresh one costs next to nothing
    // and needs no coordination between threads.
    BinaryDecoder decoder =
        DecoderFactory.get()
            .binaryDecoder(
                data, WireFormat.HEADER_SIZE, data.length - WireFormat.HEADER_SIZE, null);
    try {
      T record = reader.read(null, decoder);
      if (!decoder.isEnd()) {
        throw new AvroDecodeException(
            schemaId,
            describe(topic, schemaId, data)
                + " has bytes left over after the record: it is corrupt or was framed wrongly",
            null);
      }
      return record;
    } catch (AvroDecodeException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new AvroDecodeException(
          schemaId,
          describe(topic, schemaId, data)
              + " could not be decoded into "
              + type.getName()
              + ": "
              + e,
          e);
    }
  }

  private DatumReader<T> readerFor(int schemaId, String topic) {
    DatumReader<T> reader = readersById.get(schemaId);
    if (reader != null) {
      return reader;
    }
    Schema writerSchema;
    try {
      writerSchema = client.getById(schemaId);
    } catch (SchemaNotFoundException e) {
      throw new UnknownSchemaIdException(
          schemaId,
          "Record on topic '"
              + topic
              + "' names schema id "
              + schemaId
              + ", which the schema registry does not know: "
              + e.getMessage(),
          e);
    }
    reader = new SpecificDatumReader<>(writerSchema, readerSchema, model);
    DatumReader<T> raced = readersById.putIfAbsent(schemaId, reader);
    return raced != null ? raced : reader;
  }

  private static String describe(String topic, int schemaId, byte[] data) {
    return "Record on topic '"
        + topic
        + "' ("
        + data.length
        + " bytes, writer schema id "
        + schemaId
        + ")";
  }
}
