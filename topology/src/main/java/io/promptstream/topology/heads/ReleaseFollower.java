package io.promptstream.topology.heads;

import io.promptstream.adapters.store.AdapterStore;
import io.promptstream.adapters.store.AdapterVersion;
import io.promptstream.events.AdapterRelease;
import io.promptstream.runtime.adapter.HeadCache;
import io.promptstream.runtime.adapter.HeadId;
import io.promptstream.schemas.topic.Topic;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this instance's heads in step with the adapter releases. At start it serves each target's
 * active version from the store; then it follows {@code adapters.releases} (every instance reads
 * every partition) and, for each release, loads the new head in the background through the store's
 * verification, then swaps it in atomically. A head that fails to load is reported and the previous
 * version keeps serving. The store, not the compacted topic, is the source of truth for the active
 * version: the topic only says when to look.
 */
public final class ReleaseFollower implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ReleaseFollower.class);

  private final AdapterStore store;
  private final HeadCache cache;
  private final TargetHeads targets;
  private final String expectedFingerprint;
  private final KafkaConsumer<String, AdapterRelease> consumer;
  private final String topic;
  private final ExecutorService loader =
      Executors.newSingleThreadExecutor(r -> daemon(r, "promptstream-head-loader"));
  private final Thread poller;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicLong swaps = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();

  public ReleaseFollower(
      String bootstrapServers,
      Topic<String, AdapterRelease> releases,
      AdapterStore store,
      HeadCache cache,
      TargetHeads targets,
      String expectedFingerprint) {
    this.store = store;
    this.cache = cache;
    this.targets = targets;
    this.expectedFingerprint = expectedFingerprint;
    this.topic = releases.name();
    this.consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false),
            releases.keySerde().deserializer(),
            releases.valueSerde().deserializer());
    this.poller = daemon(this::follow, "promptstream-release-follower");
  }

  /** Serves every target's active version from the store, then starts following releases. */
  public void start() throws Exception {
    List<TopicPartition> partitions =
        consumer.partitionsFor(topic).stream()
            .map(p -> new TopicPartition(topic, p.partition()))
            .toList();
    consumer.assign(partitions);
    // Releases before this point are reflected in the store's active pointers; the position is
    // taken before the store is read so that none in between is missed.
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position);
    for (String target : store.targets()) {
      Optional<AdapterVersion> active = store.active(target);
      if (active.isPresent()) {
        swapIn(new HeadId(target, active.get().version()), true);
      }
    }
    poller.start();
  }

  /** Heads swapped in since start. */
  public long swaps() {
    return swaps.get();
  }

  /** Releases whose head could not be loaded (the previous version kept serving). */
  public long failures() {
    return failures.get();
  }

  private void follow() {
    try {
      while (running.get()) {
        for (ConsumerRecord<String, AdapterRelease> record :
            consumer.poll(Duration.ofMillis(200))) {
          if (record.value() != null) {
            AdapterRelease release = record.value();
            loader.execute(() -> apply(release));
          }
        }
      }
    } catch (WakeupException e) {
      // Closing.
    } catch (RuntimeException e) {
      log.error("Adapter release follower stopped; heads will not be refreshed", e);
    }
  }

  private void apply(AdapterRelease release) {
    HeadId id = new HeadId(release.getTargetLlm(), release.getVersion());
    switch (release.getStage()) {
      case ACTIVE -> {
        if (fingerprintMatches(release)) {
          swapIn(id, true);
        }
      }
      case CANARY -> {
        if (fingerprintMatches(release)) {
          swapIn(id, false);
        }
      }
      case ROLLED_BACK, RETIRED -> {
        Optional<TargetHeads.Versions> current = targets.of(id.targetLlm());
        if (current.isPresent() && id.equals(current.get().candidate())) {
          targets.endCanary(id.targetLlm());
          cache.invalidate(id);
          log.info("Canary {} of {} ended: {}", id.version(), id.targetLlm(), release.getStage());
        }
      }
      default -> log.warn("Ignoring release {} with stage {}", id, release.getStage());
    }
  }

  private boolean fingerprintMatches(AdapterRelease release) {
    if (release.getBaseModelFingerprint().equals(expectedFingerprint)) {
      return true;
    }
    failures.incrementAndGet();
    log.error(
        "Refusing release {}/{}: trained on base model {}, this gateway runs {}",
        release.getTargetLlm(),
        release.getVersion(),
        release.getBaseModelFingerprint(),
        expectedFingerprint);
    return false;
  }

  /**
   * Loads (and so verifies) the head, then routes traffic to it; the old head is freed when idle.
   */
  private void swapIn(HeadId id, boolean active) {
    try (HeadCache.Lease warm = cache.acquire(id)) {
      Optional<TargetHeads.Versions> before = targets.of(id.targetLlm());
      if (active) {
        targets.activate(id);
        before
            .map(TargetHeads.Versions::active)
            .filter(old -> !old.equals(id))
            .ifPresent(cache::invalidate);
      } else {
        targets.startCanary(id);
      }
      swaps.incrementAndGet();
      log.info(
          "{} head {} of {} now serving",
          active ? "Active" : "Canary",
          id.version(),
          id.targetLlm());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      failures.incrementAndGet();
      log.error("Could not load head {}; the previous version keeps serving", id, e);
    }
  }

  @Override
  public void close() {
    running.set(false);
    consumer.wakeup();
    try {
      poller.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    consumer.close();
    loader.shutdown();
    try {
      loader.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }
}
