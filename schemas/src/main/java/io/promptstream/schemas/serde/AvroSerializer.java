package io.promptstream.schemas.serde;

import io.promptstream.schemas.registry.SchemaNotFoundException;
import io.promptstream.schemas.registry.SchemaRegistryClient;
import io.promptstream.schemas.registry.SchemaRegistryException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes records of one generated Avro class in the Confluent {@link WireFormat}, under the subject
 * {@link TopicNameStrategy} names for the topic.
 *
 * <p>The first record for a topic registers the class's schema under the subject (or, with
 * auto-registration off, looks up the id it already has there); the id is then cached, so later
 * records make no registry call. Thread-safe. A null record serializes to null (a tombstone).
 *
 * <p>Failures: a record Avro cannot encode (e.g. a required field left null) throws {@link
 * SerializationException}. Registry problems throw {@link SchemaRegistryException} and are not
 * record faults: an {@link io.promptstream.schemas.registry.IncompatibleSchemaException} means the
 * class's schema breaks the subject's compatibility rule, a {@link SchemaNotFoundException} (with
 * auto-registration off) that nobody registered it, and anything else that the registry is
 * unreachable. Every record would fail the same way, so they should stop the producer, not be
 * skipped.
 *
 * <p>Role (key or value) and registration policy are fixed at construction; {@link #configure}
 * changes nothing, so a framework that configures serializers cannot switch the subject.
 */
public class AvroSerializer<T extends SpecificRecord> implements Serializer<T> {
  /** Whether the serializer registers the schema itself unless told otherwise. */
  public static final boolean DEFAULT_AUTO_REGISTER = true;

  private final Class<T> type;
  private final Schema schema;
  private final SchemaRegistryClient client;
  private final boolean isKey;
  private final boolean autoRegister;
  // Thread-safe once built; building one resolves the schema, so it is made once.
  private final DatumWriter<T> writer;
  private final ConcurrentHashMap<String, Integer> idsByTopic = new ConcurrentHashMap<>();

  /** A value serializer that registers the schema of {@code type} on first use. */
  public AvroSerializer(Class<T> type, SchemaRegistryClient client) {
    this(type, client, false, DEFAULT_AUTO_REGISTER);
  }

  /**
   * @param type the generated Avro class
   * @param client where schemas are registered and looked up
   * @param isKey whether this serializes record keys (subject {@code <topic>-key})
   * @param autoRegister whether to register the schema if the subject does not hold it yet
   */
  public AvroSerializer(
      Class<T> type, SchemaRegistryClient client, boolean isKey, boolean autoRegister) {
    this.type = Objects.requireNonNull(type, "type");
    this.client = Objects.requireNonNull(client, "client");
    this.isKey = isKey;
    this.autoRegister = autoRegister;
    // The class's own model carries the conversions for its logical types (timestamps).
    SpecificData model = SpecificData.getForClass(type);
    this.schema = model.getSchema(type);
    this.writer = new SpecificDatumWriter<>(schema, model);
  }

  /** The writer schema: that of the generated class. */
  public Schema schema() {
    return schema;
  }

  @Override
  public byte[] serialize(String topic, T data) {
    if (data == null) {
      return null;
    }
    int schemaId = schemaIdFor(topic);
    // A fresh direct encoder per call: it has no buffer, so there is nothing worth reusing, and
    // sharing one across threads would need locking.
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    WireFormat.writeHeader(out, schemaId);
    BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
    try {
      writer.write(data, encoder);
      encoder.flush();
    } catch (IOException | RuntimeException e) {
      throw new SerializationException(
          "Could not encode " + type.getName() + " for topic '" + topic + "': " + e.getMessage(),
          e);
    }
    return out.toByteArray();
  }

  private int schemaIdFor(String topic) {
    if (topic == null) {
      throw new IllegalArgumentException(
          "topic is required: the schema subject is derived from it");
    }
    Integer cached = idsByTopic.get(topic);
    if (cached != null) {
      return cached;
    }
    String subject = TopicNameStrategy.subject(topic, isKey);
    int id;
    if (autoRegister) {
      id = client.register(subject, schema);
    } else {
      try {
        id = client.getId(subject, schema);
      } catch (SchemaNotFoundException e) {
        throw new SchemaNotFoundException(
            "Schema "
                + schema.getFullName()
                + " is not registered under subject '"
                + subject
                + "' and auto-registration is off; register it first",
            e.requestUri(),
            e.httpStatus(),
            e.errorCode(),
            e.registryMessage(),
            e);
      }
    }
    idsByTopic.putIfAbsent(topic, id);
    return id;
  }
}
