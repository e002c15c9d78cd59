package io.promptstream.topology.app;

import io.promptstream.schemas.topic.GatewayTopics;
import io.promptstream.schemas.topic.Topic;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the gateway's topics when they are missing. Existing topics are left exactly as they are:
 * their partitions and settings belong to whoever created them.
 */
public final class TopicProvisioner {

  private static final Logger log = LoggerFactory.getLogger(TopicProvisioner.class);

  private final Optional<Integer> partitions;
  private final Optional<Short> replicationFactor;

  /**
   * @param partitions partitions of created topics; -1 for the broker default
   * @param replicationFactor replication factor of created topics; -1 for the broker default
   */
  public TopicProvisioner(int partitions, short replicationFactor) {
    this.partitions = partitions < 0 ? Optional.empty() : Optional.of(partitions);
    this.replicationFactor =
        replicationFactor < 0 ? Optional.empty() : Optional.of(replicationFactor);
  }

  /** Creates each of the gateway's topics that does not exist yet. */
  public void ensureTopics(Admin admin, GatewayTopics topics) {
    try {
      Set<String> existing = admin.listTopics().names().get();
      List<NewTopic> missing = new ArrayList<>();
      for (Topic<?, ?> topic : topics.all()) {
        if (!existing.contains(topic.name())) {
          missing.add(newTopic(topic.name(), topics));
        }
      }
      if (missing.isEmpty()) {
        return;
      }
      for (var entry : admin.createTopics(missing).values().entrySet()) {
        try {
          entry.getValue().get();
          log.info("Created topic {}", entry.getKey());
        } catch (ExecutionException e) {
          // Another instance created it first: fine.
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw e;
          }
        }
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException("Could not create the gateway topics: " + e.getCause(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while creating the gateway topics", e);
    }
  }

  private NewTopic newTopic(String name, GatewayTopics topics) {
    NewTopic topic = new NewTopic(name, partitions, replicationFactor);
    if (name.equals(topics.adapterReleases().name()) || name.equals(topics.experiments().name())) {
      // Keyed by target LLM or experiment: a new instance needs only the latest of each.
      topic.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
    }
    return topic;
  }
}
