package io.promptstream.topology.testutil;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads committed records from a topic, the way a downstream consumer of the gateway would. */
public final class Records {

  private Records() {}

  /**
   * Reads {@code topic} with {@code read_committed} until {@code done} holds for what was read or
   * {@code timeout} passes, then keeps reading for {@code settle} so extra records would show up.
   */
  public static <V> List<V> readCommitted(
      String bootstrap,
      String topic,
      Deserializer<V> deserializer,
      Predicate<List<V>> done,
      Duration timeout,
      Duration settle) {
    List<V> values = new ArrayList<>();
    Map<String, Object> props =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            ConsumerConfig.GROUP_ID_CONFIG,
            "test-reader-" + UUID.randomUUID(),
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
            "earliest",
            ConsumerConfig.ISOLATION_LEVEL_CONFIG,
            "read_committed",
            ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
            2_000);
    try (KafkaConsumer<String, V> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), deserializer)) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!done.test(values) && System.nanoTime() < deadline) {
        poll(consumer, values);
      }
      long settleUntil = System.nanoTime() + settle.toNanos();
      while (System.nanoTime() < settleUntil) {
        poll(consumer, values);
      }
    }
    return values;
  }

  private static <V> void poll(KafkaConsumer<String, V> consumer, List<V> values) {
    for (ConsumerRecord<String, V> record : consumer.poll(Duration.ofMillis(200))) {
      values.add(record.value());
    }
  }
}
