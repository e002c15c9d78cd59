package io.promptstream.runtime.safetensors;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Writes a safetensors file: tensors in the order they were added, contiguous, with an optional
 * {@code __metadata__} map of strings. The file is written next to its destination and moved into
 * place, so a reader never sees a half-written file.
 *
 * <pre>{@code
 * new SafetensorsWriter()
 *     .metadata("target_llm", "gpt-4o")
 *     .add("mlp.weight", weight)
 *     .write(dir.resolve("adapter.safetensors"));
 * }</pre>
 */
public final class SafetensorsWriter {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, Entry> entries = new LinkedHashMap<>();
  private final Map<String, String> metadata = new LinkedHashMap<>();

  private record Entry(SafetensorsDType dtype, long[] shape, Object source) {}

  /** Adds a {@code __metadata__} string. */
  public SafetensorsWriter metadata(String key, String value) {
    metadata.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
    return this;
  }

  /**
   * Adds an array in its own type ({@code float32} as F32, {@code int64} as I64, ...). Its bytes
   * are copied out when {@link #write(Path)} runs.
   */
  public SafetensorsWriter add(String name, NDArray array) {
    return add(name, array, storedType(array.getDataType()));
  }

  /**
   * Adds a {@code float32} array stored as another floating-point type (F16, BF16 round to nearest
   * even; F64 widens).
   */
  public SafetensorsWriter add(String name, NDArray array, SafetensorsDType storeAs) {
    if (storeAs != storedType(array.getDataType())
        && (array.getDataType() != DataType.FLOAT32 || !storeAs.isFloatingPoint())) {
      throw new IllegalArgumentException(
          name + ": cannot store " + array.getDataType() + " as " + storeAs);
    }
    return put(name, storeAs, array.getShape().getShape(), array);
  }

  /** Adds floats stored as F32, F16, BF16 or F64. */
  public SafetensorsWriter add(
      String name, long[] shape, float[] values, SafetensorsDType storeAs) {
    if (!storeAs.isFloatingPoint()) {
      throw new IllegalArgumentException(name + ": " + storeAs + " is not a float type");
    }
    return put(name, storeAs, shape, values.clone());
  }

  /** Adds raw little-endian bytes of the given type (no conversion). */
  public SafetensorsWriter addRaw(
      String name, SafetensorsDType dtype, long[] shape, byte[] littleEndian) {
    return put(name, dtype, shape, littleEndian.clone());
  }

  private SafetensorsWriter put(String name, SafetensorsDType dtype, long[] shape, Object src) {
    Objects.requireNonNull(name, "name");
    if (name.equals("__metadata__") || entries.containsKey(name)) {
      throw new IllegalArgumentException("duplicate or reserved tensor name: " + name);
    }
    long count = 1;
    for (long d : shape) {
      count = Math.multiplyExact(count, d);
    }
    long available =
        src instanceof float[] f
            ? f.length
            : src instanceof byte[] b ? b.length / dtype.byteSize() : count;
    if (available != count) {
      throw new IllegalArgumentException(name + ": shape needs " + count + " elements");
    }
    entries.put(name, new Entry(dtype, shape.clone(), src));
    return this;
  }

  /**
   * Writes the file (replacing any existing one).
   *
   * @param file destination
   * @throws IOException when writing fails; the destination is then left untouched
   */
  public void write(Path file) throws IOException {
    ObjectNode header = JSON.createObjectNode();
    if (!metadata.isEmpty()) {
      ObjectNode meta = header.putObject("__metadata__");
      metadata.forEach(meta::put);
    }
    long offset = 0;
    for (Map.Entry<String, Entry> e : entries.entrySet()) {
      Entry entry = e.getValue();
      long bytes = elementCount(entry.shape()) * entry.dtype().byteSize();
      ObjectNode node = header.putObject(e.getKey());
      node.put("dtype", entry.dtype().name());
      ArrayNode shape = node.putArray("shape");
      for (long d : entry.shape()) {
        shape.add(d);
      }
      node.putArray("data_offsets").add(offset).add(offset + bytes);
      offset += bytes;
    }
    byte[] json = JSON.writeValueAsBytes(header);
    // Pad the header with spaces to an 8-byte boundary, as the reference writer does.
    int padded = (json.length + 7) / 8 * 8;
    ByteBuffer prefix = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
    prefix.putLong(padded).put(json);
    while (prefix.hasRemaining()) {
      prefix.put((byte) ' ');
    }
    prefix.flip();
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path tmp = Files.createTempFile(parent, "." + file.getFileName(), ".tmp");
    try {
      try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        writeFully(out, prefix);
        for (Entry entry : entries.values()) {
          writeData(out, entry);
        }
        out.force(true);
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static void writeData(FileChannel out, Entry entry) throws IOException {
    if (entry.source() instanceof byte[] raw) {
      writeFully(out, ByteBuffer.wrap(raw));
      return;
    }
    FloatBuffer floats;
    ByteBuffer asStored;
    if (entry.source() instanceof NDArray array) {
      ByteBuffer bytes = array.toByteBuffer().order(ByteOrder.nativeOrder());
      if (storedType(array.getDataType()) == entry.dtype()) {
        writeFully(out, toLittleEndian(bytes, entry.dtype()));
        return;
      }
      floats = bytes.asFloatBuffer();
    } else {
      floats = FloatBuffer.wrap((float[]) entry.source());
    }
    int n = floats.remaining();
    asStored = ByteBuffer.allocate(n * entry.dtype().byteSize()).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < n; i++) {
      float v = floats.get(i);
      switch (entry.dtype()) {
        case F32 -> asStored.putFloat(v);
        case F16 -> asStored.putShort(HalfFloats.floatToF16(v));
        case BF16 -> asStored.putShort(HalfFloats.floatToBf16(v));
        case F64 -> asStored.putDouble(v);
        default -> throw new IllegalStateException("not a float type: " + entry.dtype());
      }
    }
    asStored.flip();
    writeFully(out, asStored);
  }

  private static ByteBuffer toLittleEndian(ByteBuffer nativeBytes, SafetensorsDType dtype) {
    if (ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN || dtype.byteSize() == 1) {
      return nativeBytes;
    }
    ByteBuffer le = ByteBuffer.allocate(nativeBytes.remaining()).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < nativeBytes.remaining(); i += dtype.byteSize()) {
      switch (dtype.byteSize()) {
        case 8 -> le.putLong(nativeBytes.getLong(i));
        case 4 -> le.putInt(nativeBytes.getInt(i));
        default -> le.putShort(nativeBytes.getShort(i));
      }
    }
    return le.flip();
  }

  private static void writeFully(FileChannel out, ByteBuffer buffer) throws IOException {
    while (buffer.hasRemaining()) {
      out.write(buffer);
    }
  }

  private static long elementCount(long[] shape) {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    return n;
  }

  /** The safetensors type an array of the given DJL type is stored as by default. */
  static SafetensorsDType storedType(DataType type) {
    switch (type) {
      case FLOAT32:
        return SafetensorsDType.F32;
      case FLOAT64:
        return SafetensorsDType.F64;
      case FLOAT16:
        return SafetensorsDType.F16;
      case INT64:
        return SafetensorsDType.I64;
      case INT32:
        return SafetensorsDType.I32;
      case INT8:
        return SafetensorsDType.I8;
      case UINT8:
        return SafetensorsDType.U8;
      case BOOLEAN:
        return SafetensorsDType.BOOL;
      default:
        throw new IllegalArgumentException("unsupported array type " + type);
    }
  }
}
