package io.promptstream.runtime.safetensors;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.promptstream.runtime.prompter.Devices;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsReaderTest {

  @TempDir Path dir;

  @Test
  void shouldReadHalfPrecisionTensorsAsFloat32() throws IOException {
    float[] values = {0f, 1f, -2.5f, 0.333251953125f, 65504f, -0.0009765625f};
    Path file = dir.resolve("halves.safetensors");
    new SafetensorsWriter()
        .add("f16", new long[] {2, 3}, values, SafetensorsDType.F16)
        .add("bf16", new long[] {3, 2}, values, SafetensorsDType.BF16)
        .add("f64", new long[] {6}, values, SafetensorsDType.F64)
        .write(file);

    try (NDManager manager = Devices.engine().newBaseManager();
        SafetensorsReader reader = SafetensorsReader.open(file)) {
      NDArray f16 = reader.read("f16", manager);
      NDArray bf16 = reader.read("bf16", manager);
      NDArray f64 = reader.read("f64", manager);

      assertThat(f16.getDataType()).isEqualTo(DataType.FLOAT32);
      assertThat(bf16.getDataType()).isEqualTo(DataType.FLOAT32);
      assertThat(f16.getShape().getShape()).containsExactly(2, 3);
      assertThat(f16.toFloatArray()).containsExactly(values);
      assertThat(f64.toFloatArray()).containsExactly(values);
      float[] bf = bf16.toFloatArray();
      for (int i = 0; i < values.length; i++) {
        assertThat(bf[i])
            .isCloseTo(
                values[i], org.assertj.core.data.Offset.offset(Math.abs(values[i]) / 128 + 1e-30f));
      }
    }
  }

  @Test
  void shouldStreamTensorsLargerThanTheStagingBuffer() throws IOException {
    int n = SafetensorsReader.CHUNK_BYTES / 2 + 123; // several chunks once converted to float32
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] = (i % 256) - 128; // exact in bfloat16
    }
    Path file = dir.resolve("big.safetensors");
    new SafetensorsWriter().add("w", new long[] {n}, values, SafetensorsDType.BF16).write(file);

    try (NDManager manager = Devices.engine().newBaseManager();
        SafetensorsReader reader = SafetensorsReader.open(file)) {
      assertThat(java.util.Arrays.equals(reader.read("w", manager).toFloatArray(), values))
          .isTrue();
    }
  }

  @Test
  void shouldRoundFloatsToNearestEvenHalves() {
    assertThat(HalfFloats.f16ToFloat(HalfFloats.floatToF16(1f + 0x1p-11f))).isEqualTo(1f);
    assertThat(HalfFloats.f16ToFloat(HalfFloats.floatToF16(1f + 0x1p-10f + 0x1p-11f)))
        .isEqualTo(1f + 0x1p-9f);
    assertThat(HalfFloats.f16ToFloat(HalfFloats.floatToF16(1e6f))).isInfinite();
    assertThat(HalfFloats.f16ToFloat(HalfFloats.floatToF16(0x1p-24f))).isEqualTo(0x1p-24f);
    assertThat(HalfFloats.bf16ToFloat(HalfFloats.floatToBf16(1f + 0x1p-8f))).isEqualTo(1f);
    assertThat(HalfFloats.bf16ToFloat(HalfFloats.floatToBf16(Float.NaN))).isNaN();
  }
}
