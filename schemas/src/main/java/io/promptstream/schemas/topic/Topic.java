package io.promptstream.schemas.topic;

import java.util.Objects;
import java.util.regex.Pattern;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A Kafka topic together with the serdes of its keys and values, so that code names a topic once
 * and never pairs it with the wrong serde.
 *
 * @param name the topic name, including any prefix
 * @param keySerde serde of the record keys
 * @param valueSerde serde of the record values
 */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde) {
  // Kafka's own rule for topic names.
  private static final Pattern LEGAL_NAME = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

  /**
   * @throws IllegalArgumentException if {@code name} is not a legal Kafka topic name
   */
  public Topic {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(keySerde, "keySerde");
    Objects.requireNonNull(valueSerde, "valueSerde");
    if (!LEGAL_NAME.matcher(name).matches() || name.equals(".") || name.equals("..")) {
      throw new IllegalArgumentException(
          "Topic name '"
              + name
              + "' is not legal in Kafka: use 1 to 249 of [a-zA-Z0-9._-], not '.' or '..'");
    }
  }

  /** The key serializer. */
  public Serializer<K> keySerializer() {
    return keySerde.serializer();
  }

  /** The key deserializer. */
  public Deserializer<K> keyDeserializer() {
    return keySerde.deserializer();
  }

  /** The value serializer. */
  public Serializer<V> valueSerializer() {
    return valueSerde.serializer();
  }

  /** The value deserializer. */
  public Deserializer<V> valueDeserializer() {
    return valueSerde.deserializer();
  }
}
