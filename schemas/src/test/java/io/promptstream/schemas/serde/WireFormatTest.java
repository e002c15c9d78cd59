package io.promptstream.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class WireFormatTest {

  @Test
  void shouldWriteMagicByteThenBigEndianIdThenBody() {
    byte[] framed = WireFormat.frame(0x01020304, new byte[] {42, 43});

    assertThat(framed).containsExactly(0, 1, 2, 3, 4, 42, 43);
  }

  @Test
  void shouldReadBackTheIdItWrote() {
    for (int id : new int[] {0, 1, 255, 256, 65_537, 0x7fffff00, Integer.MAX_VALUE, -1}) {
      assertThat(WireFormat.schemaId(WireFormat.frame(id, new byte[0]))).isEqualTo(id);
    }
  }

  @Test
  void shouldReadIdBytesAsUnsignedOctets() {
    byte[] framed = {0, 0, 0, (byte) 0x80, (byte) 0xff, 7};

    assertThat(WireFormat.schemaId(framed)).isEqualTo(0x80ff);
  }

  @Test
  void shouldReturnACopyOfTheBody() {
    byte[] framed = {0, 0, 0, 0, 9, 10, 11};

    byte[] body = WireFormat.body(framed);
    body[0] = 99;

    assertThat(body).containsExactly(99, 11);
    assertThat(framed[5]).isEqualTo((byte) 10);
  }

  @Test
  void shouldAcceptAnEmptyBodyAfterTheHeader() {
    assertThat(WireFormat.body(new byte[] {0, 0, 0, 0, 1})).isEmpty();
  }

  @Test
  void shouldRejectNull() {
    assertThatThrownBy(() -> WireFormat.schemaId(null))
        .isInstanceOf(WireFormatException.class)
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("null");
  }

  @Test
  void shouldRejectBytesShorterThanTheHeader() {
    assertThatThrownBy(() -> WireFormat.schemaId(new byte[] {0, 0, 0, 1}))
        .isInstanceOf(WireFormatException.class)
        .hasMessageContaining("at least 5 bytes, got 4");
    assertThatThrownBy(() -> WireFormat.schemaId(new byte[0]))
        .isInstanceOf(WireFormatException.class)
        .hasMessageContaining("got 0");
  }

  @Test
  void shouldRejectAWrongMagicByte() {
    byte[] json = "{\"text\":\"hi\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    assertThatThrownBy(() -> WireFormat.schemaId(json))
        .isInstanceOf(WireFormatException.class)
        .hasMessageContaining("got 0x7b");
    assertThatThrownBy(() -> WireFormat.body(new byte[] {1, 0, 0, 0, 1}))
        .isInstanceOf(WireFormatException.class)
        .hasMessageContaining("got 0x01");
  }
}
