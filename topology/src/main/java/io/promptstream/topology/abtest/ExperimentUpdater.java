package io.promptstream.topology.abtest;

import io.promptstream.events.Experiment;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the instance's {@link ExperimentCatalog} in step with the compacted experiments topic, via
 * a global store: every instance sees every experiment. An invalid experiment is logged and
 * ignored, leaving the one in force unchanged.
 */
public final class ExperimentUpdater implements Processor<String, Experiment, Void, Void> {

  private static final Logger log = LoggerFactory.getLogger(ExperimentUpdater.class);

  private final String storeName;
  private final ExperimentCatalog catalog;
  private KeyValueStore<String, Experiment> store;

  public ExperimentUpdater(String storeName, ExperimentCatalog catalog) {
    this.storeName = storeName;
    this.catalog = catalog;
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    store = context.getStateStore(storeName);
    // The store was restored from the topic before this runs: load what it holds.
    try (KeyValueIterator<String, Experiment> all = store.all()) {
      all.forEachRemaining(kv -> apply(kv.key, kv.value));
    }
  }

  @Override
  public void process(Record<String, Experiment> record) {
    if (record.key() == null) {
      log.warn("Ignoring an experiment record without a key");
      return;
    }
    if (apply(record.key(), record.value())) {
      if (record.value() == null) {
        store.delete(record.key());
      } else {
        store.put(record.key(), record.value());
      }
    }
  }

  private boolean apply(String name, Experiment experiment) {
    if (experiment == null) {
      catalog.remove(name);
      log.info("Experiment {} ended", name);
      return true;
    }
    try {
      catalog.put(experiment);
      log.info("Experiment {} in force: {}", name, experiment);
      return true;
    } catch (IllegalArgumentException e) {
      log.warn("Ignoring invalid experiment {}: {}", name, e.getMessage());
      return false;
    }
  }
}
