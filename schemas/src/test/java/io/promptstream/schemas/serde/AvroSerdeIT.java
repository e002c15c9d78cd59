package io.promptstream.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promptstream.events.PromptRequest;
import io.promptstream.schemas.registry.EmbeddedSchemaRegistry;
import io.promptstream.schemas.registry.HttpSchemaRegistryClient;
import io.promptstream.schemas.registry.SchemaNotFoundException;
import io.promptstream.schemas.registry.SchemaRegistryClient;
import io.promptstream.schemas.testutil.Events;
import io.promptstream.schemas.testutil.RegistryHttp;
import io.promptstream.schemas.testutil.TestDirs;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The serdes against a real registry: every event type, the exact bytes, and every failure. */
@Tag("integration")
class AvroSerdeIT {
  private static EmbeddedSchemaRegistry registry;
  private static SchemaRegistryClient client;
  private static RegistryHttp http;

  @BeforeAll
  static void startRegistry() {
    registry = EmbeddedSchemaRegistry.start(TestDirs.fresh("AvroSerdeIT"));
    client = HttpSchemaRegistryClient.create(registry.url());
    http = new RegistryHttp(registry.url());
  }

  @AfterAll
  static void stopRegistry() {
    if (registry != null) {
      registry.close();
    }
  }

  static Stream<Arguments> events() {
    List<Arguments> cases = new ArrayList<>();
    for (boolean optionalsSet : new boolean[] {true, false}) {
      for (SpecificRecord event : Events.all(optionalsSet)) {
        String name =
            event.getSchema().getName() + (optionalsSet ? "-optionals-set" : "-optionals-unset");
        cases.add(Arguments.of(name, event));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("events")
  <T extends SpecificRecord> void shouldRoundTripEveryEventInConfluentFraming(String name, T event)
      throws IOException {
    String topic = "roundtrip." + name;
    AvroSerde<T> serde = serdeFor(event);

    byte[] bytes = serde.serializer().serialize(topic, event);
    T decoded = serde.deserializer().deserialize(topic, bytes);

    assertThat(decoded).isEqualTo(event);
    assertThat(bytes[0]).as("magic byte").isZero();
    int registeredId = http.latestId(topic + "-value");
    assertThat(Arrays.copyOfRange(bytes, 1, 5))
        .as("schema id bytes")
        .containsExactly(
            (byte) (registeredId >>> 24),
            (byte) (registeredId >>> 16),
            (byte) (registeredId >>> 8),
            (byte) registeredId);
    assertThat(Arrays.copyOfRange(bytes, 5, bytes.length))
        .as("Avro body")
        .isEqualTo(avroBinary(event));
  }

  @Test
  void shouldRegisterTheSchemaOnceForRepeatedSerializations() {
    String topic = "once.prompts";
    AvroSerde<PromptRequest> serde = AvroSerde.of(PromptRequest.class, client);

    List<Integer> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ids.add(
          WireFormat.schemaId(
              serde.serializer().serialize(topic, Events.promptRequest(i % 2 == 0))));
    }
    // A second serde over a second client: same schema, same subject, same id.
    AvroSerde<PromptRequest> other =
        AvroSerde.of(PromptRequest.class, HttpSchemaRegistryClient.create(registry.url()));
    ids.add(WireFormat.schemaId(other.serializer().serialize(topic, Events.promptRequest(true))));

    assertThat(ids).containsOnly(http.latestId(topic + "-value"));
    assertThat(http.get("/subjects/" + topic + "-value/versions").toString()).isEqualTo("[1]");
  }

  @Test
  void shouldSerializeFromManyThreadsUnderOneId() throws Exception {
    String topic = "concurrent.prompts";
    AvroSerde<PromptRequest> serde = AvroSerde.of(PromptRequest.class, client);
    PromptRequest event = Events.promptRequest(true);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<byte[]>> results = new ArrayList<>();
    try {
      for (int i = 0; i < 400; i++) {
        results.add(
            pool.submit(
                () -> {
                  byte[] bytes = serde.serializer().serialize(topic, event);
                  assertThat(serde.deserializer().deserialize(topic, bytes)).isEqualTo(event);
                  return bytes;
                }));
      }
      byte[] first = results.get(0).get();
      for (Future<byte[]> result : results) {
        assertThat(result.get()).isEqualTo(first);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(http.get("/subjects/" + topic + "-value/versions").toString()).isEqualTo("[1]");
  }

  @Test
  void shouldRegisterKeysUnderTheKeySubject() {
    String topic = "keyed.prompts";
    AvroSerde<PromptRequest> keySerde = AvroSerde.ofKey(PromptRequest.class, client);

    byte[] bytes = keySerde.serializer().serialize(topic, Events.promptRequest(false));

    assertThat(WireFormat.schemaId(bytes)).isEqualTo(http.latestId(topic + "-key"));
    assertThat(client.latest(topic + "-value")).isEmpty();
  }

  @Test
  void shouldPassTombstonesThrough() {
    AvroSerde<PromptRequest> serde = AvroSerde.of(PromptRequest.class, client);

    assertThat(serde.serializer().serialize("tombstones", null)).isNull();
    assertThat(serde.deserializer().deserialize("tombstones", null)).isNull();
  }

  @Test
  void shouldFailClearlyWhenAutoRegistrationIsOffAndTheSchemaIsMissing() {
    String topic = "unregistered.prompts";
    AvroSerde<PromptRequest> serde = new AvroSerde<>(PromptRequest.class, client, false, false);

    assertThatThrownBy(() -> serde.serializer().serialize(topic, Events.promptRequest(true)))
        .isInstanceOf(SchemaNotFoundException.class)
        .hasMessageContaining("subject '" + topic + "-value'")
        .hasMessageContaining("auto-registration is off");
  }

  @Test
  void shouldUseTheExistingIdWhenAutoRegistrationIsOff() {
    String topic = "preregistered.prompts";
    int id = client.register(topic + "-value", PromptRequest.getClassSchema());
    AvroSerde<PromptRequest> serde = new AvroSerde<>(PromptRequest.class, client, false, false);

    byte[] bytes = serde.serializer().serialize(topic, Events.promptRequest(true));

    assertThat(WireFormat.schemaId(bytes)).isEqualTo(id);
    assertThat(http.get("/subjects/" + topic + "-value/versions").toString()).isEqualTo("[1]");
  }

  @Test
  void shouldReportAnUnknownSchemaId() throws IOException {
    int unknownId = 0x7fffff00;
    byte[] bytes = WireFormat.frame(unknownId, avroBinary(Events.promptRequest(true)));
    AvroSerde<PromptRequest> serde = AvroSerde.of(PromptRequest.class, client);

    assertThatThrownBy(() -> serde.deserializer().deserialize("prompts.raw", bytes))
        .isInstanceOfSatisfying(
            UnknownSchemaIdException.class, e -> assertThat(e.schemaId()).isEqualTo(unknownId))
        .hasMessageContaining("schema id " + unknownId)
        .hasMessageContaining("prompts.raw")
        .hasMessageContaining(registry.url().toString());
  }

  @Test
  void shouldReportGarbageAsAWireFormatError() {
    AvroSerde<PromptRequest> serde = AvroSerde.of(PromptRequest.class, client);
    byte[] garbage = "definitely not avro".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    assertThatThrownBy(() -> serde.deserializer().deserialize("prompts.raw", garbage))
        .isInstanceOf(WireFormatException.class)
        .hasMessageContaining("magic byte");
    assertThatThrownBy(() -> serde.deserializer().deserialize("prompts.raw", new byte[] {0, 0}))
        .isInstanceOf(WireFormatException.class);
  }

  @Test
  void shouldReportATruncatedBodyAsADecodeError() {
    String topic = "truncated.prompts";
    AvroSerde<PromptRequest> serde = AvroSerde.of(PromptRequest.class, client);
    byte[] bytes = serde.serializer().serialize(topic, Events.promptRequest(true));
    byte[] truncated = Arrays.copyOf(bytes, WireFormat.HEADER_SIZE + (bytes.length - 5) / 2);

    assertThatThrownBy(() -> serde.deserializer().deserialize(topic, truncated))
        .isInstanceOfSatisfying(
            AvroDecodeException.class,
            e -> assertThat(e.schemaId()).isEqualTo(WireFormat.schemaId(bytes)))
        .hasMessageContaining(topic)
        .hasMessageContaining(PromptRequest.class.getName());
  }

  @Test
  void shouldReportBytesLeftOverAfterTheRecordAsADecodeError() {
    String topic = "trailing.prompts";
    AvroSerde<PromptRequest> serde = AvroSerde.of(PromptRequest.class, client);
    byte[] bytes = serde.serializer().serialize(topic, Events.promptRequest(true));
    byte[] padded = Arrays.copyOf(bytes, bytes.length + 3);

    assertThatThrownBy(() -> serde.deserializer().deserialize(topic, padded))
        .isInstanceOf(AvroDecodeException.class)
        .hasMessageContaining("left over");
  }

  @SuppressWarnings("unchecked")
  private static <T extends SpecificRecord> AvroSerde<T> serdeFor(T event) {
    return AvroSerde.of((Class<T>) event.getClass(), client);
  }

  // The reference encoding, written independently of the serializer under test.
  private static <T extends SpecificRecord> byte[] avroBinary(T event) throws IOException {
    @SuppressWarnings("unchecked")
    Class<T> type = (Class<T>) event.getClass();
    SpecificDatumWriter<T> writer =
        new SpecificDatumWriter<>(event.getSchema(), SpecificData.getForClass(type));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    writer.write(event, encoder);
    encoder.flush();
    return out.toByteArray();
  }
}
