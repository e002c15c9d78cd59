package io.promptstream.topology.config;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The gateway's configuration: its own keys, declared below with their defaults, plus any Kafka
 * Streams or client key, which is passed through to Kafka Streams unchanged (for example {@code
 * num.stream.threads}, {@code commit.interval.ms}, {@code security.protocol}).
 *
 * <p>Exactly-once v2 is always on: {@code processing.guarantee} cannot be overridden, because the
 * gateway's promise of exactly one output per consumed prompt depends on it.
 */
public final class GatewayConfig extends AbstractConfig {

  public static final String BOOTSTRAP_SERVERS_CONFIG = StreamsConfig.BOOTSTRAP_SERVERS_CONFIG;
  private static final String BOOTSTRAP_SERVERS_DOC =
      "Kafka bootstrap servers, host:port[,host:port...].";

  public static final String APPLICATION_ID_CONFIG = StreamsConfig.APPLICATION_ID_CONFIG;
  public static final String APPLICATION_ID_DEFAULT = "promptstream-gateway";
  private static final String APPLICATION_ID_DOC =
      "Kafka Streams application id: the consumer group, the prefix of internal topics and of"
          + " transactional ids. Instances with the same id share the work.";

  public static final String SCHEMA_REGISTRY_URL_CONFIG = "schema.registry.url";
  private static final String SCHEMA_REGISTRY_URL_DOC =
      "Base URL of a Confluent-API schema registry (Confluent, Apicurio under"
          + " /apis/ccompat/v7, Karapace, Redpanda).";

  public static final String TOPIC_PREFIX_CONFIG = "topic.prefix";
  private static final String TOPIC_PREFIX_DOC =
      "Prefix added to every gateway topic name, e.g. 'staging.' gives 'staging.prompts.raw'.";

  public static final String TOPICS_CREATE_CONFIG = "topics.create";
  private static final String TOPICS_CREATE_DOC =
      "Create missing gateway topics at start-up. Existing topics are never changed.";

  public static final String TOPICS_PARTITIONS_CONFIG = "topics.partitions";
  private static final String TOPICS_PARTITIONS_DOC =
      "Partitions of topics the gateway creates; -1 uses the broker default.";

  public static final String TOPICS_REPLICATION_FACTOR_CONFIG = "topics.replication.factor";
  private static final String TOPICS_REPLICATION_FACTOR_DOC =
      "Replication factor of topics the gateway creates; -1 uses the broker default.";

  public static final String PROMPT_MAX_CHARS_CONFIG = "prompt.max.chars";
  public static final int PROMPT_MAX_CHARS_DEFAULT = 16_000;
  private static final String PROMPT_MAX_CHARS_DOC =
      "Prompts longer than this many characters are dead-lettered as OVERSIZED_TEXT.";

  public static final String STATE_DIR_CONFIG = StreamsConfig.STATE_DIR_CONFIG;

  private static final ConfigDef CONFIG =
      new ConfigDef()
          .define(BOOTSTRAP_SERVERS_CONFIG, Type.LIST, Importance.HIGH, BOOTSTRAP_SERVERS_DOC)
          .define(SCHEMA_REGISTRY_URL_CONFIG, Type.STRING, Importance.HIGH, SCHEMA_REGISTRY_URL_DOC)
          .define(
              APPLICATION_ID_CONFIG,
              Type.STRING,
              APPLICATION_ID_DEFAULT,
              new ConfigDef.NonEmptyString(),
              Importance.HIGH,
              APPLICATION_ID_DOC)
          .define(TOPIC_PREFIX_CONFIG, Type.STRING, "", Importance.MEDIUM, TOPIC_PREFIX_DOC)
          .define(TOPICS_CREATE_CONFIG, Type.BOOLEAN, true, Importance.MEDIUM, TOPICS_CREATE_DOC)
          .define(
              TOPICS_PARTITIONS_CONFIG,
              Type.INT,
              -1,
              Range.atLeast(-1),
              Importance.LOW,
              TOPICS_PARTITIONS_DOC)
          .define(
              TOPICS_REPLICATION_FACTOR_CONFIG,
              Type.SHORT,
              (short) -1,
              Importance.LOW,
              TOPICS_REPLICATION_FACTOR_DOC)
          .define(
              PROMPT_MAX_CHARS_CONFIG,
              Type.INT,
              PROMPT_MAX_CHARS_DEFAULT,
              Range.atLeast(1),
              Importance.MEDIUM,
              PROMPT_MAX_CHARS_DOC);

  private final Map<?, ?> originals;

  /**
   * @throws org.apache.kafka.common.config.ConfigException naming the key, for a missing required
   *     key or an invalid value
   */
  public GatewayConfig(Map<?, ?> props) {
    super(CONFIG, props, false);
    this.originals = Map.copyOf(props);
  }

  /** Reads the configuration from a properties file's entries. */
  public static GatewayConfig fromProperties(Properties props) {
    Map<String, Object> map = new HashMap<>();
    props.stringPropertyNames().forEach(name -> map.put(name, props.getProperty(name).trim()));
    return new GatewayConfig(map);
  }

  /** The documented keys, for {@code --help} output and docs. */
  public static ConfigDef configDef() {
    return CONFIG;
  }

  public String bootstrapServers() {
    return String.join(",", getList(BOOTSTRAP_SERVERS_CONFIG));
  }

  public String applicationId() {
    return getString(APPLICATION_ID_CONFIG);
  }

  public String schemaRegistryUrl() {
    return getString(SCHEMA_REGISTRY_URL_CONFIG);
  }

  public String topicPrefix() {
    return getString(TOPIC_PREFIX_CONFIG);
  }

  public boolean createTopics() {
    return getBoolean(TOPICS_CREATE_CONFIG);
  }

  public int topicPartitions() {
    return getInt(TOPICS_PARTITIONS_CONFIG);
  }

  public short topicReplicationFactor() {
    return getShort(TOPICS_REPLICATION_FACTOR_CONFIG);
  }

  public int promptMaxChars() {
    return getInt(PROMPT_MAX_CHARS_CONFIG);
  }

  /**
   * The Kafka Streams properties: every key given, less the gateway's own, with exactly-once v2
   * forced on.
   */
  public Properties streamsProperties() {
    Properties props = new Properties();
    originals.forEach(
        (k, v) -> {
          String key = String.valueOf(k);
          if (!CONFIG.names().contains(key)
              || key.equals(BOOTSTRAP_SERVERS_CONFIG)
              || key.equals(APPLICATION_ID_CONFIG)) {
            props.put(key, v);
          }
        });
    props.put(APPLICATION_ID_CONFIG, applicationId());
    props.put(BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    return props;
  }

  /** The Kafka Streams state directory, when one is configured. */
  public Path stateDir() {
    Object dir = originals.get(STATE_DIR_CONFIG);
    return dir == null ? null : Path.of(dir.toString());
  }
}
