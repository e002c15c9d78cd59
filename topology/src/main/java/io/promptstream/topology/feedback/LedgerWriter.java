package io.promptstream.topology.feedback;

import io.promptstream.events.OptimizedPrompt;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the ledger of outputs by request id, so a judgment can find the rewrite it judges; entries
 * older than the retention are purged every minute of wall-clock time.
 */
public final class LedgerWriter implements Processor<String, OptimizedPrompt, Void, Void> {

  private final String storeName;
  private final Duration retention;
  private final Clock clock;
  private KeyValueStore<String, OptimizedPrompt> ledger;

  public LedgerWriter(String storeName, Duration retention, Clock clock) {
    this.storeName = storeName;
    this.retention = retention;
    this.clock = clock;
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    ledger = context.getStateStore(storeName);
    context.schedule(Duration.ofMinutes(1), PunctuationType.WALL_CLOCK_TIME, t -> purge());
  }

  @Override
  public void process(Record<String, OptimizedPrompt> record) {
    if (record.key() != null && record.value() != null) {
      ledger.put(record.key(), record.value());
    }
  }

  private void purge() {
    long cutoff = clock.millis() - retention.toMillis();
    List<String> expired = new ArrayList<>();
    try (KeyValueIterator<String, OptimizedPrompt> all = ledger.all()) {
      all.forEachRemaining(
          kv -> {
            if (kv.value.getProducedAt().toEpochMilli() < cutoff) {
              expired.add(kv.key);
            }
          });
    }
    expired.forEach(ledger::delete);
  }
}
