package io.promptstream.topology.testutil;

import io.promptstream.topology.config.GatewayConfig;
import io.promptstream.topology.embedded.EmbeddedStack;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The gateway configuration every integration test starts from. */
public final class TestConfigs {

  private TestConfigs() {}

  /**
   * Properties pointing a gateway at the embedded stack, with its state under {@code workDir} and
   * the metrics endpoint off; tests add what they need.
   */
  public static Map<String, Object> gateway(
      EmbeddedStack stack, Path workDir, String applicationId) {
    Map<String, Object> props = new HashMap<>();
    props.put(GatewayConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
    props.put(GatewayConfig.SCHEMA_REGISTRY_URL_CONFIG, stack.schemaRegistryUrl());
    props.put(GatewayConfig.APPLICATION_ID_CONFIG, applicationId);
    props.put(GatewayConfig.STATE_DIR_CONFIG, workDir.resolve("state").toString());
    props.put(GatewayConfig.METRICS_PORT_CONFIG, -1);
    return props;
  }
}
