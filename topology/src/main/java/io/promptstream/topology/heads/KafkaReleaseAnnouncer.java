package io.promptstream.topology.heads;

import io.promptstream.adapters.release.ReleaseEvent;
import io.promptstream.adapters.release.ReleaseListener;
import io.promptstream.events.AdapterRelease;
import io.promptstream.events.ReleaseStage;
import io.promptstream.schemas.topic.Topic;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Announces the adapter store's releases on {@code adapters.releases}, keyed by target LLM, so
 * every gateway instance hot-swaps. The send is acknowledged by all in-sync replicas before the
 * store's operation returns; if it fails, the store reports the events not yet announced.
 */
public final class KafkaReleaseAnnouncer implements ReleaseListener, AutoCloseable {

  private static final long SEND_TIMEOUT_SECONDS = 30;

  private final KafkaProducer<String, AdapterRelease> producer;
  private final String topic;

  public KafkaReleaseAnnouncer(String bootstrapServers, Topic<String, AdapterRelease> releases) {
    this.topic = releases.name();
    this.producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true),
            releases.keySerde().serializer(),
            releases.valueSerde().serializer());
  }

  @Override
  public void onRelease(ReleaseEvent event) throws Exception {
    producer
        .send(new ProducerRecord<>(topic, event.targetLlm(), toRecord(event)))
        .get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }

  static AdapterRelease toRecord(ReleaseEvent event) {
    return AdapterRelease.newBuilder()
        .setTargetLlm(event.targetLlm())
        .setVersion(event.version())
        .setParentVersion(event.parentVersion())
        .setStage(ReleaseStage.valueOf(event.stage().name()))
        .setBaseModelFingerprint(
            event.baseModelFingerprint() == null ? "" : event.baseModelFingerprint())
        .setLocation(event.location().toString())
        .setManifestSha256(event.manifestSha256())
        .setReason(event.reason())
        .setReleasedAt(event.releasedAt())
        .build();
  }

  @Override
  public void close() {
    producer.close();
  }
}
