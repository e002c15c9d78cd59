package io.promptstream.topology.evaluator;

import io.promptstream.events.Judgment;
import io.promptstream.events.OptimizedPrompt;
import io.promptstream.events.PromptStatus;
import io.promptstream.schemas.topic.GatewayTopics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the evaluator bridge on live traffic: samples rewritten prompts from {@code
 * prompts.optimized} (read_committed), judges each, and writes the judgments to {@code
 * feedback.judgments}, keyed by request id. Offsets are committed after the judgments of a poll are
 * acknowledged, so a restart may judge a prompt twice, which the gateway's duplicate check absorbs.
 * A prompt whose evaluation fails after the client's retries is skipped and counted.
 */
public final class EvaluatorService implements Runnable, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EvaluatorService.class);

  private final EvaluatorBridge bridge;
  private final double sampleRate;
  private final SplittableRandom random;
  private final KafkaConsumer<String, OptimizedPrompt> consumer;
  private final KafkaProducer<String, Judgment> producer;
  private final String judgmentsTopic;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicLong judged = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();

  /**
   * @param sampleRate share of rewritten prompts judged, in (0, 1]
   */
  public EvaluatorService(
      String bootstrapServers,
      String groupId,
      GatewayTopics topics,
      EvaluatorBridge bridge,
      double sampleRate,
      long seed) {
    if (!(sampleRate > 0 && sampleRate <= 1)) {
      throw new IllegalArgumentException("sampleRate must be in (0, 1], was " + sampleRate);
    }
    this.bridge = bridge;
    this.sampleRate = sampleRate;
    this.random = new SplittableRandom(seed);
    this.judgmentsTopic = topics.judgments().name();
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
                "latest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                50),
            topics.promptsOptimized().keySerde().deserializer(),
            topics.promptsOptimized().valueSerde().deserializer());
    this.producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ProducerConfig.ACKS_CONFIG,
                "all"),
            topics.judgments().keySerde().serializer(),
            topics.judgments().valueSerde().serializer());
    consumer.subscribe(List.of(topics.promptsOptimized().name()));
  }

  @Override
  public void run() {
    try {
      while (running.get()) {
        for (ConsumerRecord<String, OptimizedPrompt> record :
            consumer.poll(Duration.ofMillis(500))) {
          OptimizedPrompt prompt = record.value();
          if (prompt == null
              || prompt.getStatus() != PromptStatus.REWRITTEN
              || random.nextDouble() >= sampleRate) {
            continue;
          }
          try {
            Judgment judgment = bridge.evaluate(prompt);
            producer.send(new ProducerRecord<>(judgmentsTopic, judgment.getRequestId(), judgment));
            judged.incrementAndGet();
          } catch (RuntimeException e) {
            failed.incrementAndGet();
            log.warn("Could not judge {}: {}", prompt.getRequestId(), e.getMessage());
          }
        }
        producer.flush();
        consumer.commitSync();
      }
    } catch (WakeupException e) {
      // Closing.
    } finally {
      consumer.close();
      producer.close();
    }
  }

  public long judged() {
    return judged.get();
  }

  public long failed() {
    return failed.get();
  }

  @Override
  public void close() {
    running.set(false);
    consumer.wakeup();
  }
}
