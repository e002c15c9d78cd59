package io.promptstream.schemas.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promptstream.events.AdapterRelease;
import io.promptstream.events.PromptRequest;
import io.promptstream.schemas.registry.HttpSchemaRegistryClient;
import io.promptstream.schemas.registry.SchemaRegistryClient;
import io.promptstream.schemas.serde.AvroSerde;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class GatewayTopicsTest {
  // Creating the catalog makes no registry call, so nothing needs to listen here.
  private final SchemaRegistryClient client =
      HttpSchemaRegistryClient.create(URI.create("http://127.0.0.1:9/apis/ccompat/v7"));

  @Test
  void shouldUseTheDefaultNamesWithAnEmptyPrefix() {
    GatewayTopics topics = GatewayTopics.create("", client);

    assertThat(topics.all())
        .extracting(Topic::name)
        .containsExactly(
            "prompts.raw",
            "prompts.optimized",
            "prompts.dlq",
            "feedback.judgments",
            "adapters.retrain-requests",
            "adapters.releases",
            "adapters.canary-verdicts",
            "gateway.experiments");
  }

  @Test
  void shouldPrefixEveryName() {
    GatewayTopics topics = GatewayTopics.create("staging.", client);

    assertThat(topics.all()).extracting(Topic::name).allMatch(name -> name.startsWith("staging."));
    assertThat(topics.promptsRaw().name()).isEqualTo("staging.prompts.raw");
    assertThat(topics.adapterReleases().name()).isEqualTo("staging.adapters.releases");
    assertThat(topics.prefix()).isEqualTo("staging.");
  }

  @Test
  void shouldPairEachTopicWithItsEventType() {
    GatewayTopics topics = GatewayTopics.create("", client);

    assertThat(((AvroSerde<?>) topics.promptsRaw().valueSerde()).type())
        .isEqualTo(PromptRequest.class);
    assertThat(((AvroSerde<?>) topics.adapterReleases().valueSerde()).type())
        .isEqualTo(AdapterRelease.class);
    assertThat(topics.all())
        .extracting(topic -> ((AvroSerde<?>) topic.valueSerde()).isKey())
        .containsOnly(false);
  }

  @Test
  void shouldUsePlainUtf8StringKeys() {
    Topic<String, PromptRequest> raw = GatewayTopics.create("", client).promptsRaw();

    byte[] key = raw.keySerializer().serialize(raw.name(), "conversation-é");

    assertThat(key).isEqualTo("conversation-é".getBytes(StandardCharsets.UTF_8));
    assertThat(raw.keyDeserializer().deserialize(raw.name(), key)).isEqualTo("conversation-é");
  }

  @Test
  void shouldRejectAPrefixThatMakesIllegalTopicNames() {
    assertThatThrownBy(() -> GatewayTopics.create("bad prefix/", client))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bad prefix/prompts.raw");
  }
}
