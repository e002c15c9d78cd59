package io.promptstream.topology.bench;

import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * The baseline: a Kafka Streams app that copies bytes from one topic to another, exactly-once v2.
 */
final class PlainPassThrough implements BenchTarget {

  private static final String IN = "bench-plain.in";
  private static final String OUT = "bench-plain.out";

  private final KafkaStreams streams;

  PlainPassThrough(String bootstrap, Path stateDir, int partitions) throws Exception {
    try (Admin admin = Admin.create(java.util.Map.of("bootstrap.servers", bootstrap))) {
      admin
          .createTopics(
              java.util.List.of(
                  new NewTopic(IN, partitions, (short) 1),
                  new NewTopic(OUT, partitions, (short) 1)))
          .all()
          .get();
    }
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream(IN, Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("plain-source"))
        .to(OUT, Produced.with(Serdes.String(), Serdes.ByteArray()).withName("plain-sink"));
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "bench-plain");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    streams = new KafkaStreams(builder.build(), props);
    BenchSupport.startAndAwaitRunning(streams);
  }

  @Override
  public String name() {
    return "plain Kafka Streams pass-through";
  }

  @Override
  public String inputTopic() {
    return IN;
  }

  @Override
  public String outputTopic() {
    return OUT;
  }

  @Override
  public void close() {
    streams.close();
  }
}
