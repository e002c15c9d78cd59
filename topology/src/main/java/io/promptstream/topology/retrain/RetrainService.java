package io.promptstream.topology.retrain;

import io.promptstream.events.CanaryVerdict;
import io.promptstream.events.RetrainRequest;
import io.promptstream.schemas.topic.GatewayTopics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes retrain requests and canary verdicts, one record at a time, in order: a retrain request
 * trains and publishes a candidate; a verdict promotes or withdraws it. Running one record at a
 * time means at most one training per target (and overall) per retrainer; run one retrainer per
 * consumer group. While a record is worked on, the consumer keeps polling with its partitions
 * paused, so a training longer than {@code max.poll.interval.ms} does not cost the assignment.
 *
 * <p>A record is committed after it is handled. A record that fails (undecodable, a training error)
 * is logged, counted and committed: the retrain or verdict is not retried in a loop; the drift
 * detector asks again if the head keeps drifting. Redelivery after a crash is harmless: retraining
 * and verdicts are idempotent.
 */
public final class RetrainService implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RetrainService.class);

  private final KafkaConsumer<String, byte[]> consumer;
  private final GatewayTopics topics;
  private final HeadRetrainer retrainer;
  private final VerdictApplier verdicts;
  private final ExecutorService worker =
      Executors.newSingleThreadExecutor(r -> daemon(r, "promptstream-retrain-worker"));
  private final Thread poller;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicLong published = new AtomicLong();
  private final AtomicLong skipped = new AtomicLong();
  private final AtomicLong applied = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();

  public RetrainService(
      String bootstrapServers,
      String groupId,
      GatewayTopics topics,
      HeadRetrainer retrainer,
      VerdictApplier verdicts) {
    this.topics = topics;
    this.retrainer = retrainer;
    this.verdicts = verdicts;
    this.consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG,
                groupId,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                1),
            new StringDeserializer(),
            new ByteArrayDeserializer());
    this.poller = daemon(this::run, "promptstream-retrainer");
  }

  /** Subscribes and starts handling records in the background. */
  public RetrainService start() {
    consumer.subscribe(List.of(topics.retrainRequests().name(), topics.canaryVerdicts().name()));
    poller.start();
    return this;
  }

  /** Candidates published so far. */
  public long published() {
    return published.get();
  }

  /** Retrain requests that published nothing (too few examples, failed evaluation, repeated). */
  public long skipped() {
    return skipped.get();
  }

  /** Verdicts applied to the store. */
  public long verdictsApplied() {
    return applied.get();
  }

  /** Records that failed. */
  public long failed() {
    return failed.get();
  }

  private void run() {
    try {
      while (running.get()) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          handleWhilePolling(record);
          consumer.commitSync(
              Map.of(
                  new TopicPartition(record.topic(), record.partition()),
                  new OffsetAndMetadata(record.offset() + 1)));
        }
      }
    } catch (WakeupException e) {
      // Closing.
    } catch (RuntimeException e) {
      log.error("Retrainer stopped", e);
    }
  }

  private void handleWhilePolling(ConsumerRecord<String, byte[]> record) {
    Future<?> work = worker.submit(() -> handle(record));
    consumer.pause(consumer.assignment());
    try {
      while (!work.isDone()) {
        consumer.poll(Duration.ofMillis(200)); // Paused: returns nothing, keeps the assignment.
      }
      work.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new WakeupException();
    } catch (Exception e) {
      failed.incrementAndGet();
      log.error("Could not handle {} at offset {}", record.topic(), record.offset(), e);
    } finally {
      consumer.resume(consumer.paused());
    }
  }

  private void handle(ConsumerRecord<String, byte[]> record) {
    try {
      if (record.topic().equals(topics.retrainRequests().name())) {
        RetrainRequest request =
            topics
                .retrainRequests()
                .valueSerde()
                .deserializer()
                .deserialize(record.topic(), record.value());
        HeadRetrainer.Outcome outcome = retrainer.retrain(request);
        if (outcome instanceof HeadRetrainer.Outcome.Published p) {
          published.incrementAndGet();
          log.info(
              "Published candidate {} for {}: {}",
              p.candidate(),
              request.getIdempotencyKey(),
              p.metrics());
        } else if (outcome instanceof HeadRetrainer.Outcome.Skipped s) {
          skipped.incrementAndGet();
          log.warn("Retrain {} published nothing: {}", request.getIdempotencyKey(), s.reason());
        }
      } else {
        CanaryVerdict verdict =
            topics
                .canaryVerdicts()
                .valueSerde()
                .deserializer()
                .deserialize(record.topic(), record.value());
        verdicts.apply(verdict);
        applied.incrementAndGet();
      }
    } catch (Exception e) {
      throw e instanceof RuntimeException re ? re : new IllegalStateException(e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    running.set(false);
    consumer.wakeup();
    try {
      poller.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    worker.shutdownNow();
    consumer.close();
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }
}
