package io.promptstream.topology.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.FeatureMetadata;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("integration")
class EmbeddedKafkaBrokerIT {

  @TempDir Path workDir;

  @Test
  void shouldServeTransactionsV2AndDeleteItsDataOnClose() throws Exception {
    Path dataDir;
    try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(workDir)) {
      try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
        FeatureMetadata features = admin.describeFeatures().featureMetadata().get();
        assertThat(features.finalizedFeatures().get("transaction.version").maxVersionLevel())
            .isEqualTo((short) 2);
        admin.createTopics(List.of(new NewTopic("t", 2, (short) 1))).all().get();
      }

      produceInTransaction(kafka.bootstrapServers(), List.of("a", "b", "c"), true);
      produceInTransaction(kafka.bootstrapServers(), List.of("aborted"), false);

      // Only the committed transaction is visible to a read_committed consumer.
      assertThat(readCommitted(kafka.bootstrapServers(), 3))
          .containsExactlyInAnyOrder("a", "b", "c");
      try (var dirs = Files.list(workDir)) {
        dataDir = dirs.findFirst().orElseThrow();
      }
    }
    assertThat(dataDir).doesNotExist();
  }

  private static void produceInTransaction(String bootstrap, List<String> values, boolean commit) {
    Map<String, Object> props =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            ProducerConfig.TRANSACTIONAL_ID_CONFIG,
            "tx-" + commit,
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
            StringSerializer.class,
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
            StringSerializer.class);
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
      producer.initTransactions();
      producer.beginTransaction();
      values.forEach(v -> producer.send(new ProducerRecord<>("t", v, v)));
      if (commit) {
        producer.commitTransaction();
      } else {
        producer.abortTransaction();
      }
    }
  }

  private static List<String> readCommitted(String bootstrap, int expected) {
    Map<String, Object> props =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            ConsumerConfig.GROUP_ID_CONFIG,
            "reader",
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
            "earliest",
            ConsumerConfig.ISOLATION_LEVEL_CONFIG,
            "read_committed",
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
            StringDeserializer.class,
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
            StringDeserializer.class);
    List<String> values = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
      consumer.subscribe(Set.of("t"));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      // Poll past the expected count for a moment so an aborted record would show up if leaked.
      int extraPolls = 3;
      while (System.nanoTime() < deadline && (values.size() < expected || extraPolls-- > 0)) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
          values.add(r.value());
        }
      }
    }
    return values;
  }
}
