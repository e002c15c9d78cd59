package io.promptstream.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.promptstream.events.PromptRequest;
import io.promptstream.schemas.serde.AvroSerde;
import io.promptstream.schemas.serde.WireFormat;
import io.promptstream.schemas.testutil.Events;
import io.promptstream.schemas.testutil.RegistryHttp;
import io.promptstream.schemas.testutil.TestDirs;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.function.Consumer;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Schema evolution against a real registry whose global rule is NONE (Apicurio's default): every
 * refusal here comes from the BACKWARD rule the client puts on each subject it registers under.
 */
@Tag("integration")
class SchemaCompatibilityIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static EmbeddedSchemaRegistry registry;
  private static HttpSchemaRegistryClient client;
  private static RegistryHttp http;

  @BeforeAll
  static void startRegistry() {
    registry = EmbeddedSchemaRegistry.start(TestDirs.fresh("SchemaCompatibilityIT"));
    client = HttpSchemaRegistryClient.create(registry.url());
    http = new RegistryHttp(registry.url());
  }

  @AfterAll
  static void stopRegistry() {
    if (registry != null) {
      registry.close();
    }
  }

  @Test
  void shouldAcceptAnAddedFieldWithADefaultAndReadOldBytesWithTheNewSchema() throws IOException {
    String topic = "evolve.prompts";
    String subject = topic + "-value";
    AvroSerde<PromptRequest> serde = AvroSerde.of(PromptRequest.class, client);
    PromptRequest original = Events.promptRequest(true);
    byte[] oldBytes = serde.serializer().serialize(topic, original);
    Schema v2 =
        evolve(
            fields ->
                fields
                    .addObject()
                    .put("name", "locale")
                    .put("type", "string")
                    .put("default", "en"));

    boolean compatible = client.isCompatible(subject, v2);
    int v2Id = client.register(subject, v2);

    // Expected end state: two versions, the second with its own id; old bytes read with v2 get
    // the default, and new bytes still read into the old class.
    assertThat(compatible).isTrue();
    assertThat(v2Id).isNotEqualTo(WireFormat.schemaId(oldBytes));
    RegisteredSchema latest = client.latest(subject).orElseThrow();
    assertThat(latest.version()).isEqualTo(2);
    assertThat(latest.id()).isEqualTo(v2Id);
    assertThat(latest.schema()).isEqualTo(v2);

    Schema writer = client.getById(WireFormat.schemaId(oldBytes));
    GenericRecord oldReadWithV2 =
        new GenericDatumReader<GenericRecord>(writer, v2)
            .read(null, DecoderFactory.get().binaryDecoder(WireFormat.body(oldBytes), null));
    assertThat(oldReadWithV2.get("locale")).hasToString("en");
    assertThat(oldReadWithV2.get("text")).hasToString(original.getText());
    assertThat(oldReadWithV2.get("requestId")).hasToString(original.getRequestId());

    GenericRecord newRecord = new GenericData.Record(v2);
    for (Schema.Field field : PromptRequest.getClassSchema().getFields()) {
      newRecord.put(field.name(), genericValue(original, field));
    }
    newRecord.put("locale", "de");
    byte[] newBytes = WireFormat.frame(v2Id, genericBinary(v2, newRecord));
    assertThat(serde.deserializer().deserialize(topic, newBytes)).isEqualTo(original);
  }

  @Test
  void shouldRefuseAnAddedFieldWithoutADefault() {
    String topic = "required.prompts";
    String subject = topic + "-value";
    AvroSerde.of(PromptRequest.class, client)
        .serializer()
        .serialize(topic, Events.promptRequest(true));
    Schema breaking =
        evolve(fields -> fields.addObject().put("name", "tenant").put("type", "string"));

    assertThat(http.get("/config").get("compatibilityLevel").asText()).isEqualTo("NONE");
    assertThat(client.compatibility(subject)).isEqualTo(CompatibilityLevel.BACKWARD);
    assertThat(client.isCompatible(subject, breaking)).isFalse();
    assertThatThrownBy(() -> client.register(subject, breaking))
        .isInstanceOfSatisfying(
            IncompatibleSchemaException.class, e -> assertThat(e.httpStatus()).isEqualTo(409))
        .hasMessageContaining("subject '" + subject + "'")
        .hasMessageContaining(registry.url().toString());
    assertThat(client.latest(subject).orElseThrow().version()).isEqualTo(1);
  }

  @Test
  void shouldRefuseAChangedFieldType() {
    String topic = "retyped.prompts";
    String subject = topic + "-value";
    AvroSerde.of(PromptRequest.class, client)
        .serializer()
        .serialize(topic, Events.promptRequest(true));
    Schema breaking =
        evolve(
            fields -> {
              for (int i = 0; i < fields.size(); i++) {
                if (fields.get(i).get("name").asText().equals("text")) {
                  ((ObjectNode) fields.get(i)).put("type", "int");
                }
              }
            });

    assertThat(client.isCompatible(subject, breaking)).isFalse();
    assertThatThrownBy(() -> client.register(subject, breaking))
        .isInstanceOf(IncompatibleSchemaException.class);
    assertThat(client.latest(subject).orElseThrow().version()).isEqualTo(1);
  }

  @Test
  void shouldKeepAStrongerRuleAnOperatorSetBeforeTheFirstRegistration() {
    String subject = "strict.prompts-value";
    http.put("/config/" + subject, "{\"compatibility\":\"FULL_TRANSITIVE\"}");

    client.register(subject, PromptRequest.getClassSchema());

    assertThat(client.compatibility(subject)).isEqualTo(CompatibilityLevel.FULL_TRANSITIVE);
  }

  @Test
  void shouldAcceptABreakingChangeWhenThePolicyIsOffAndTheRegistryAllowsIt() {
    // The control case: without the client's policy Apicurio's global NONE lets anything in.
    HttpSchemaRegistryClient permissive =
        HttpSchemaRegistryClient.builder()
            .setBaseUrl(registry.url())
            .optDefaultCompatibility(CompatibilityLevel.NONE)
            .build();
    String subject = "permissive.prompts-value";
    permissive.register(subject, PromptRequest.getClassSchema());
    Schema breaking =
        evolve(fields -> fields.addObject().put("name", "tenant").put("type", "string"));

    permissive.register(subject, breaking);

    assertThat(permissive.latest(subject).orElseThrow().version()).isEqualTo(2);
  }

  private static Schema evolve(Consumer<ArrayNode> change) {
    try {
      ObjectNode schema = (ObjectNode) JSON.readTree(PromptRequest.getClassSchema().toString());
      change.accept((ArrayNode) schema.get("fields"));
      return new Schema.Parser().parse(schema.toString());
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static Object genericValue(PromptRequest record, Schema.Field field) {
    Object value = record.get(field.pos());
    // Generic writers know no logical-type conversions: write the raw epoch millis.
    return value instanceof java.time.Instant instant ? instant.toEpochMilli() : value;
  }

  private static byte[] genericBinary(Schema schema, GenericRecord record) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
    encoder.flush();
    return out.toByteArray();
  }
}
