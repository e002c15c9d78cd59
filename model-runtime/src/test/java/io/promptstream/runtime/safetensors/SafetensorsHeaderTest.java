package io.promptstream.runtime.safetensors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promptstream.runtime.safetensors.InvalidSafetensorsException.Reason;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsHeaderTest {

  @TempDir Path dir;

  @Test
  void shouldReadTensorsAndMetadataOfAWellFormedFile() throws IOException {
    Path file = dir.resolve("ok.safetensors");
    new SafetensorsWriter()
        .metadata("target_llm", "gpt-4o")
        .add("a", new long[] {2, 3}, new float[6], SafetensorsDType.F32)
        .add("b", new long[] {4}, new float[4], SafetensorsDType.BF16)
        .write(file);

    SafetensorsHeader header = SafetensorsHeader.read(file);

    assertThat(header.names()).containsExactly("a", "b");
    assertThat(header.tensor("a").shape()).containsExactly(2, 3);
    assertThat(header.tensor("a").byteLength()).isEqualTo(24);
    assertThat(header.tensor("b").dtype()).isEqualTo(SafetensorsDType.BF16);
    assertThat(header.metadata()).containsEntry("target_llm", "gpt-4o");
    assertThat(header.dataStart() % 8).isZero();
  }

  @Test
  void shouldRefuseAHeaderLargerThanTheCap() throws IOException {
    Path file = raw(SafetensorsHeader.MAX_HEADER_BYTES + 1, "{}".getBytes(StandardCharsets.UTF_8));

    assertRefused(file, Reason.HEADER_TOO_LARGE);
  }

  @Test
  void shouldRefuseAFileShorterThanItsHeader() throws IOException {
    Path file = raw(1000, "{\"a\":1}".getBytes(StandardCharsets.UTF_8));

    assertRefused(file, Reason.TRUNCATED);
  }

  @Test
  void shouldRefuseAFileShorterThanEightBytes() throws IOException {
    Path file = dir.resolve("tiny.safetensors");
    Files.write(file, new byte[] {1, 2, 3});

    assertRefused(file, Reason.TRUNCATED);
  }

  @Test
  void shouldRefuseDuplicateTensorNames() throws IOException {
    String json =
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
            + "\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}";

    assertRefused(file(json, 8), Reason.DUPLICATE_TENSOR);
  }

  @Test
  void shouldRefuseOverlappingOffsets() throws IOException {
    String json =
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
            + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}";

    assertRefused(file(json, 12), Reason.BAD_OFFSETS);
  }

  @Test
  void shouldRefuseAHoleBetweenTensors() throws IOException {
    String json =
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
            + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}";

    assertRefused(file(json, 12), Reason.BAD_OFFSETS);
  }

  @Test
  void shouldRefuseOffsetsBeyondTheEndOfTheFile() throws IOException {
    String json = "{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}";

    assertRefused(file(json, 8), Reason.BAD_OFFSETS);
  }

  @Test
  void shouldRefuseTrailingBytesNoTensorCovers() throws IOException {
    String json = "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}";

    assertRefused(file(json, 12), Reason.BAD_OFFSETS);
  }

  @Test
  void shouldRefuseAShapeThatDisagreesWithTheByteLength() throws IOException {
    String json = "{\"a\":{\"dtype\":\"BF16\",\"shape\":[3],\"data_offsets\":[0,8]}}";

    assertRefused(file(json, 8), Reason.SIZE_MISMATCH);
  }

  @Test
  void shouldRefuseAnUnknownDtype() throws IOException {
    String json = "{\"a\":{\"dtype\":\"F8_E4M3\",\"shape\":[4],\"data_offsets\":[0,4]}}";

    assertRefused(file(json, 4), Reason.UNSUPPORTED_DTYPE);
  }

  @Test
  void shouldRefuseAHeaderThatIsNotAnObjectOfEntries() throws IOException {
    assertRefused(file("[1,2,3]", 0), Reason.MALFORMED_HEADER);
    assertRefused(file("{\"a\":{\"dtype\":\"F32\"}}", 0), Reason.MALFORMED_HEADER);
    assertRefused(file("{\"__metadata__\":{\"k\":1}}", 0), Reason.MALFORMED_HEADER);
    assertRefused(file("{not json", 0), Reason.MALFORMED_HEADER);
  }

  @Test
  void shouldRefusePickleFiles() throws IOException {
    Path file = dir.resolve("pytorch_model.bin");
    Files.write(file, new byte[] {(byte) 0x80, 0x04, (byte) 0x95, 0, 0, 0, 0, 0, 0, 0, 'x'});

    assertRefused(file, Reason.EXECUTABLE_FORMAT);
  }

  @Test
  void shouldRefuseZipArchivesSuchAsTorchScript() throws IOException {
    Path file = dir.resolve("model.pt");
    Files.write(file, new byte[] {'P', 'K', 3, 4, 20, 0, 0, 0, 8, 0, 0, 0});

    assertRefused(file, Reason.EXECUTABLE_FORMAT);
  }

  private void assertRefused(Path file, Reason reason) {
    assertThatThrownBy(() -> SafetensorsHeader.read(file))
        .isInstanceOf(InvalidSafetensorsException.class)
        .satisfies(e -> assertThat(((InvalidSafetensorsException) e).reason()).isEqualTo(reason));
  }

  private Path file(String json, int dataBytes) throws IOException {
    byte[] header = json.getBytes(StandardCharsets.UTF_8);
    byte[] rest = new byte[header.length + dataBytes];
    System.arraycopy(header, 0, rest, 0, header.length);
    return raw(header.length, rest);
  }

  private Path raw(long declaredHeaderLength, byte[] rest) throws IOException {
    Path file = Files.createTempFile(dir, "t", ".safetensors");
    ByteBuffer b = ByteBuffer.allocate(8 + rest.length).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(declaredHeaderLength).put(rest);
    Files.write(file, b.array());
    return file;
  }
}
