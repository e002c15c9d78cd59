package io.promptstream.topology.testutil;

import io.promptstream.topology.app.GatewayApplication;
import io.promptstream.topology.config.GatewayConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * A gateway in its own JVM, for tests that kill it without a clean shutdown. Arguments: bootstrap
 * servers, registry URL, application id, state dir, batch max size, batch max wait ms. Prints
 * "RUNNING" once it serves, then runs until killed.
 */
public final class CrashableGateway {

  private CrashableGateway() {}

  public static void main(String[] args) throws Exception {
    GatewayApplication gateway =
        GatewayApplication.start(
            new GatewayConfig(config(args[0], args[1], args[2], args[3], args[4], args[5])),
            Clock.systemUTC(),
            new TargetTaggingEngine());
    if (!gateway.awaitRunning(Duration.ofSeconds(60))) {
      System.exit(3);
    }
    System.out.println("RUNNING");
    System.out.flush();
    Thread.currentThread().join();
  }

  /** The configuration both the crashing and the recovering instance use. */
  public static Map<String, Object> config(
      String bootstrap,
      String registryUrl,
      String applicationId,
      String stateDir,
      String batchMaxSize,
      String batchMaxWaitMs) {
    Map<String, Object> props = new HashMap<>();
    props.put(GatewayConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(GatewayConfig.SCHEMA_REGISTRY_URL_CONFIG, registryUrl);
    props.put(GatewayConfig.APPLICATION_ID_CONFIG, applicationId);
    props.put(GatewayConfig.STATE_DIR_CONFIG, stateDir);
    props.put(GatewayConfig.METRICS_PORT_CONFIG, 0);
    props.put(GatewayConfig.BATCH_MAX_SIZE_CONFIG, batchMaxSize);
    props.put(GatewayConfig.BATCH_MAX_WAIT_MS_CONFIG, batchMaxWaitMs);
    // A killed member is noticed after this long, rather than the 45 s default.
    props.put("session.timeout.ms", "6000");
    props.put("heartbeat.interval.ms", "1000");
    return props;
  }
}
