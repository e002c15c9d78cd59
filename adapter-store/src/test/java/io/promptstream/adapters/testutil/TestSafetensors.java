package io.promptstream.adapters.testutil;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Writes safetensors files the standard way (8-byte little-endian header length, JSON header with
 * dtype, shape and data_offsets, raw little-endian data), independently of the code under test.
 */
public final class TestSafetensors {

  private record Tensor(String dtype, int elementBytes, long[] shape) {
    long bytes() {
      return Arrays.stream(shape).reduce(1, (a, b) -> a * b) * elementBytes;
    }
  }

  private final Map<String, Tensor> tensors = new LinkedHashMap<>();

  /** Adds a tensor of 32-bit floats. */
  public TestSafetensors f32(String name, long... shape) {
    return tensor(name, "F32", 4, shape);
  }

  /** Adds a tensor of any dtype with the given element width. */
  public TestSafetensors tensor(String name, String dtype, int elementBytes, long... shape) {
    tensors.put(name, new Tensor(dtype, elementBytes, shape));
    return this;
  }

  /** Writes the file; values are deterministic, distinct per byte position. */
  public Path write(Path file) throws IOException {
    StringBuilder header = new StringBuilder("{");
    long offset = 0;
    String separator = "";
    for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
      Tensor t = e.getValue();
      String shape =
          Arrays.stream(t.shape()).mapToObj(Long::toString).collect(Collectors.joining(","));
      header
          .append(separator)
          .append('"')
          .append(e.getKey())
          .append("\":{\"dtype\":\"")
          .append(t.dtype())
          .append("\",\"shape\":[")
          .append(shape)
          .append("],\"data_offsets\":[")
          .append(offset)
          .append(',')
          .append(offset + t.bytes())
          .append("]}");
      offset += t.bytes();
      separator = ",";
    }
    header.append('}');
    byte[] data = new byte[(int) offset];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) (i * 31 + 7);
    }
    return writeRaw(file, header.toString(), data);
  }

  /** Writes a file from a literal header and data section (for malformed files). */
  public static Path writeRaw(Path file, String headerJson, byte[] data) throws IOException {
    byte[] json = headerJson.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(json.length).array());
    out.write(json);
    out.write(data);
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.write(file, out.toByteArray());
    return file;
  }
}
