package io.promptstream.topology.embedded;

import io.promptstream.schemas.registry.EmbeddedSchemaRegistry;
import java.nio.file.Path;

/**
 * A Kafka broker in this JVM and a schema registry as a child process: everything the gateway
 * needs, with no external service. Used by the demo and the integration tests.
 */
public final class EmbeddedStack implements AutoCloseable {

  private final EmbeddedKafkaBroker kafka;
  private final EmbeddedSchemaRegistry registry;

  private EmbeddedStack(EmbeddedKafkaBroker kafka, EmbeddedSchemaRegistry registry) {
    this.kafka = kafka;
    this.registry = registry;
  }

  /**
   * Starts the broker and the registry, keeping all their files under {@code workDir}.
   *
   * @throws IllegalStateException if either does not start; whatever did start is stopped
   */
  public static EmbeddedStack start(Path workDir) {
    EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(workDir.resolve("registry"));
    try {
      return new EmbeddedStack(EmbeddedKafkaBroker.start(workDir.resolve("kafka")), registry);
    } catch (RuntimeException e) {
      registry.close();
      throw e;
    }
  }

  public String bootstrapServers() {
    return kafka.bootstrapServers();
  }

  /** The registry's Confluent-compatible base URL. */
  public String schemaRegistryUrl() {
    return registry.url().toString();
  }

  /** Stops the broker and the registry; the registry's child process is gone when this returns. */
  @Override
  public void close() {
    try {
      kafka.close();
    } finally {
      registry.close();
    }
  }
}
