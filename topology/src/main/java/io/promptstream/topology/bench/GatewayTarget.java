package io.promptstream.topology.bench;

import io.promptstream.topology.app.GatewayApplication;
import io.promptstream.topology.config.GatewayConfig;
import io.promptstream.topology.inference.RewriteEngine;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** The gateway itself, with a given model, on its own prefixed topics. */
final class GatewayTarget implements BenchTarget {

  private final String name;
  private final GatewayApplication gateway;

  GatewayTarget(
      String name,
      String prefix,
      String bootstrap,
      String registryUrl,
      Path stateDir,
      int partitions,
      RewriteEngine engine)
      throws InterruptedException {
    this.name = name;
    Map<String, Object> props = new HashMap<>();
    props.put(GatewayConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(GatewayConfig.SCHEMA_REGISTRY_URL_CONFIG, registryUrl);
    props.put(GatewayConfig.APPLICATION_ID_CONFIG, "bench-" + prefix.replace(".", ""));
    props.put(GatewayConfig.TOPIC_PREFIX_CONFIG, prefix);
    props.put(GatewayConfig.TOPICS_PARTITIONS_CONFIG, partitions);
    props.put(GatewayConfig.STATE_DIR_CONFIG, stateDir.toString());
    props.put(GatewayConfig.METRICS_PORT_CONFIG, -1);
    gateway = GatewayApplication.start(new GatewayConfig(props), Clock.systemUTC(), engine);
    if (!gateway.awaitRunning(Duration.ofSeconds(60))) {
      throw new IllegalStateException("Gateway did not reach RUNNING: " + gateway.state());
    }
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String inputTopic() {
    return gateway.topics().promptsRaw().name();
  }

  @Override
  public String outputTopic() {
    return gateway.topics().promptsOptimized().name();
  }

  @Override
  public void close() {
    gateway.close();
  }
}
