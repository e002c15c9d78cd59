package io.promptstream.schemas.serde;

import io.promptstream.schemas.registry.SchemaRegistryClient;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * An {@link AvroSerializer} and {@link AvroDeserializer} for one generated Avro class, as a Kafka
 * {@link Serde}.
 *
 * <pre>{@code
 * Serde<PromptRequest> serde = AvroSerde.of(PromptRequest.class, registry);
 * }</pre>
 *
 * <p>{@link #close()} does not close the registry client: clients are shared between serdes.
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T> {
  private final Class<T> type;
  private final boolean isKey;
  private final AvroSerializer<T> serializer;
  private final AvroDeserializer<T> deserializer;

  /**
   * @param type the generated Avro class
   * @param client the schema registry
   * @param isKey whether this serde is for record keys (subject {@code <topic>-key})
   * @param autoRegister whether the serializer registers the schema itself; see {@link
   *     AvroSerializer}
   */
  public AvroSerde(
      Class<T> type, SchemaRegistryClient client, boolean isKey, boolean autoRegister) {
    this.type = Objects.requireNonNull(type, "type");
    this.isKey = isKey;
    this.serializer = new AvroSerializer<>(type, client, isKey, autoRegister);
    this.deserializer = new AvroDeserializer<>(type, client);
  }

  /** A serde for record values (subject {@code <topic>-value}) that auto-registers its schema. */
  public static <T extends SpecificRecord> AvroSerde<T> of(
      Class<T> type, SchemaRegistryClient client) {
    return new AvroSerde<>(type, client, false, AvroSerializer.DEFAULT_AUTO_REGISTER);
  }

  /** A serde for record keys (subject {@code <topic>-key}) that auto-registers its schema. */
  public static <T extends SpecificRecord> AvroSerde<T> ofKey(
      Class<T> type, SchemaRegistryClient client) {
    return new AvroSerde<>(type, client, true, AvroSerializer.DEFAULT_AUTO_REGISTER);
  }

  /** The generated Avro class. */
  public Class<T> type() {
    return type;
  }

  /** Whether this serde is for record keys. */
  public boolean isKey() {
    return isKey;
  }

  @Override
  public Serializer<T> serializer() {
    return serializer;
  }

  @Override
  public Deserializer<T> deserializer() {
    return deserializer;
  }

  @Override
  public String toString() {
    return "AvroSerde[" + type.getName() + (isKey ? ", key" : ", value") + "]";
  }
}
