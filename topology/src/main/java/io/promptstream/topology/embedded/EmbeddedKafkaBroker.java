package io.promptstream.topology.embedded;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.commons.io.file.PathUtils;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.apache.kafka.server.common.TransactionVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node KRaft Kafka cluster (one process acting as broker and controller) running inside
 * this JVM, for the demo and the integration tests.
 *
 * <pre>{@code
 * try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(workDir)) {
 *   String bootstrap = kafka.bootstrapServers();
 *   ...
 * }
 * }</pre>
 *
 * <p>The storage is formatted with the latest production metadata version and production feature
 * levels, so {@code transaction.version=2} is on and exactly-once v2 works as on a real cluster.
 * Internal topics use replication factor 1. All data lives under the given work directory and is
 * deleted on {@link #close()}. Production deployments point the gateway at a real cluster instead.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
  private static final int NODE_ID = 1;
  private static final String CONTROLLER_LISTENER = "CONTROLLER";
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

  private final KafkaRaftServer server;
  private final Path dataDir;
  private final String bootstrapServers;
  private boolean closed;

  private EmbeddedKafkaBroker(KafkaRaftServer server, Path dataDir, String bootstrapServers) {
    this.server = server;
    this.dataDir = dataDir;
    this.bootstrapServers = bootstrapServers;
  }

  /**
   * Formats fresh storage under {@code workDir} and starts the broker on free loopback ports.
   *
   * @throws IllegalStateException if the broker does not become ready within 60 s
   */
  public static EmbeddedKafkaBroker start(Path workDir) {
    return start(workDir, Map.of());
  }

  /**
   * As {@link #start(Path)}, with broker properties that override the embedded defaults.
   *
   * @param overrides broker configuration entries, e.g. {@code num.partitions}
   */
  public static EmbeddedKafkaBroker start(Path workDir, Map<String, String> overrides) {
    Instant begin = Instant.now();
    try {
      Files.createDirectories(workDir);
      Path dataDir = Files.createTempDirectory(workDir, "kafka-");
      int brokerPort = freePort();
      int controllerPort = freePort();
      Map<String, Object> props = brokerProperties(dataDir, brokerPort, controllerPort);
      props.putAll(overrides);
      KafkaConfig config = new KafkaConfig(props, false);
      format(dataDir, controllerPort);
      KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
      server.startup();
      String bootstrap = "127.0.0.1:" + brokerPort;
      EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(server, dataDir, bootstrap);
      broker.awaitReady();
      log.info(
          "Embedded Kafka broker ready at {} in {} ms",
          bootstrap,
          Duration.between(begin, Instant.now()).toMillis());
      return broker;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not prepare the embedded broker's storage", e);
    }
  }

  /** The {@code bootstrap.servers} value clients use to reach this broker. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** Stops the broker, waits for it to finish, and deletes its data directory. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    server.shutdown();
    server.awaitShutdown();
    deleteRecursively(dataDir);
    log.info("Embedded Kafka broker at {} stopped", bootstrapServers);
  }

  private static Map<String, Object> brokerProperties(
      Path dataDir, int brokerPort, int controllerPort) {
    Map<String, Object> props = new HashMap<>();
    props.put("process.roles", "broker,controller");
    props.put("node.id", String.valueOf(NODE_ID));
    props.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
    props.put(
        "listeners",
        "PLAINTEXT://127.0.0.1:"
            + brokerPort
            + ","
            + CONTROLLER_LISTENER
            + "://127.0.0.1:"
            + controllerPort);
    props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
    props.put("controller.listener.names", CONTROLLER_LISTENER);
    props.put("inter.broker.listener.name", "PLAINTEXT");
    props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    props.put("log.dirs", dataDir.toString());
    props.put("num.partitions", "3");
    props.put("auto.create.topics.enable", "false");
    // A single node cannot host more than one replica of anything.
    props.put("offsets.topic.replication.factor", "1");
    props.put("transaction.state.log.replication.factor", "1");
    props.put("transaction.state.log.min.isr", "1");
    props.put("share.coordinator.state.topic.replication.factor", "1");
    props.put("share.coordinator.state.topic.min.isr", "1");
    // Fewer coordinator partitions: faster start, and nothing to balance on one node.
    props.put("offsets.topic.num.partitions", "5");
    props.put("transaction.state.log.num.partitions", "5");
    props.put("group.initial.rebalance.delay.ms", "0");
    // The default 128 MiB compaction buffer is sized for real clusters.
    props.put("log.cleaner.dedupe.buffer.size", String.valueOf(8 * 1024 * 1024));
    return props;
  }

  private static void format(Path dataDir, int controllerPort) {
    Formatter formatter =
        new Formatter()
            .setPrintStream(new PrintStream(PrintStream.nullOutputStream()))
            .setNodeId(NODE_ID)
            .setClusterId(Uuid.randomUuid().toString())
            .setDirectories(List.of(dataDir.toString()))
            .setMetadataLogDirectory(dataDir.toString())
            .setControllerListenerName(CONTROLLER_LISTENER)
            .setReleaseVersion(MetadataVersion.latestProduction())
            .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
            .setFeatureLevel(
                TransactionVersion.FEATURE_NAME, TransactionVersion.TV_2.featureLevel());
    try {
      formatter.run();
    } catch (Exception e) {
      throw new IllegalStateException(
          "Could not format KRaft storage in "
              + dataDir
              + " (controller port "
              + controllerPort
              + ")",
          e);
    }
  }

  private void awaitReady() {
    Map<String, Object> adminProps =
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
    Instant deadline = Instant.now().plus(READY_TIMEOUT);
    try (Admin admin = Admin.create(adminProps)) {
      while (true) {
        try {
          admin.describeCluster().nodes().get(10, TimeUnit.SECONDS);
          return;
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
          if (Instant.now().isAfter(deadline)) {
            close();
            throw new IllegalStateException(
                "Embedded broker at " + bootstrapServers + " not ready after " + READY_TIMEOUT, e);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          close();
          throw new IllegalStateException("Interrupted while waiting for the embedded broker", e);
        }
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }

  static void deleteRecursively(Path dir) {
    try {
      if (Files.exists(dir)) {
        PathUtils.deleteDirectory(dir);
      }
    } catch (IOException e) {
      log.warn("Could not clean up {}: {}", dir, e.getMessage());
    }
  }
}
