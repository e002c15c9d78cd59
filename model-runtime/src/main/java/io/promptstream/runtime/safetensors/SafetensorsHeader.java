package io.promptstream.runtime.safetensors;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.promptstream.runtime.safetensors.InvalidSafetensorsException.Reason;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The validated header of a safetensors file.
 *
 * <p>Validation works on the raw bytes, before DJL sees the file, and refuses: files shorter than
 * their header claims; headers above {@link #MAX_HEADER_BYTES}; JSON that is not an object of
 * tensor entries (with an optional {@code __metadata__} object of strings); duplicate names;
 * unknown dtypes; offsets that overlap, leave holes or point past the end of the file; byte lengths
 * that differ from shape × element size; and pickle or TorchScript (zip) files, which can execute
 * code when loaded.
 *
 * <pre>{@code
 * SafetensorsHeader header = SafetensorsHeader.read(Path.of("adapter.safetensors"));
 * for (TensorInfo t : header.tensors()) { ... }
 * }</pre>
 */
public final class SafetensorsHeader {

  /** Largest accepted JSON header, in bytes (the reference implementation's cap as well). */
  public static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;

  private static final String METADATA_KEY = "__metadata__";
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private final Path file;
  private final long dataStart;
  private final List<TensorInfo> tensors;
  private final Map<String, TensorInfo> byName;
  private final Map<String, String> metadata;

  private SafetensorsHeader(
      Path file, long dataStart, List<TensorInfo> tensors, Map<String, String> metadata) {
    this.file = file;
    this.dataStart = dataStart;
    this.tensors = Collections.unmodifiableList(tensors);
    Map<String, TensorInfo> names = new LinkedHashMap<>();
    for (TensorInfo t : tensors) {
      names.put(t.name(), t);
    }
    this.byName = Collections.unmodifiableMap(names);
    this.metadata = Collections.unmodifiableMap(metadata);
  }

  /**
   * Reads and validates the header of a file.
   *
   * @param file the file
   * @return the validated header
   * @throws InvalidSafetensorsException when the file is not a well-formed safetensors file
   * @throws IOException when the file cannot be read
   */
  public static SafetensorsHeader read(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      return read(channel, file);
    }
  }

  /**
   * Reads and validates the header from an open channel (its position is changed).
   *
   * @param channel the file's channel
   * @param file the file's path, used in messages only; may be {@code null}
   * @return the validated header
   * @throws InvalidSafetensorsException when the content is not a well-formed safetensors file
   * @throws IOException when the channel cannot be read
   */
  public static SafetensorsHeader read(SeekableByteChannel channel, Path file) throws IOException {
    long fileSize = channel.size();
    if (fileSize < 8) {
      throw new InvalidSafetensorsException(file, Reason.TRUNCATED, "shorter than 8 bytes");
    }
    ByteBuffer prefix = ByteBuffer.allocate((int) Math.min(fileSize, 16));
    channel.position(0);
    readFully(channel, prefix, file);
    prefix.flip();
    long headerLength = prefix.duplicate().order(ByteOrder.LITTLE_ENDIAN).getLong();
    boolean looksLikeJson = prefix.limit() > 8 && prefix.get(8) == '{';
    if (!looksLikeJson || headerLength <= 0 || headerLength > fileSize - 8) {
      refuseExecutableFormats(prefix, file);
    }
    if (headerLength < 0 || headerLength > MAX_HEADER_BYTES) {
      throw new InvalidSafetensorsException(
          file,
          Reason.HEADER_TOO_LARGE,
          "header of "
              + Long.toUnsignedString(headerLength)
              + " bytes exceeds "
              + MAX_HEADER_BYTES);
    }
    if (headerLength > fileSize - 8) {
      throw new InvalidSafetensorsException(
          file,
          Reason.TRUNCATED,
          "header claims " + headerLength + " bytes but the file has " + (fileSize - 8));
    }
    if (!looksLikeJson) {
      throw new InvalidSafetensorsException(
          file, Reason.MALFORMED_HEADER, "header does not start with '{'");
    }
    ByteBuffer json = ByteBuffer.allocate((int) headerLength);
    channel.position(8);
    readFully(channel, json, file);
    long dataStart = 8 + headerLength;
    return parse(json.array(), fileSize - dataStart, dataStart, file);
  }

  private static void refuseExecutableFormats(ByteBuffer prefix, Path file)
      throws InvalidSafetensorsException {
    int b0 = prefix.get(0) & 0xff;
    int b1 = prefix.limit() > 1 ? prefix.get(1) & 0xff : -1;
    if (b0 == 0x80 && b1 >= 2 && b1 <= 5) {
      throw new InvalidSafetensorsException(
          file, Reason.EXECUTABLE_FORMAT, "a Python pickle, which can execute code, is refused");
    }
    if (b0 == 'P' && b1 == 'K') {
      throw new InvalidSafetensorsException(
          file,
          Reason.EXECUTABLE_FORMAT,
          "a zip archive (torch.save or TorchScript), which can execute code, is refused");
    }
  }

  private static SafetensorsHeader parse(byte[] json, long dataSize, long dataStart, Path file)
      throws InvalidSafetensorsException {
    JsonNode root;
    try {
      root = JSON.readTree(new String(json, StandardCharsets.UTF_8));
    } catch (JsonProcessingException e) {
      boolean duplicate = e.getMessage() != null && e.getMessage().contains("Duplicate field");
      throw new InvalidSafetensorsException(
          file,
          duplicate ? Reason.DUPLICATE_TENSOR : Reason.MALFORMED_HEADER,
          e.getOriginalMessage());
    }
    if (!(root instanceof ObjectNode)) {
      throw new InvalidSafetensorsException(file, Reason.MALFORMED_HEADER, "not a JSON object");
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    List<TensorInfo> tensors = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> fields = root.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      if (METADATA_KEY.equals(field.getKey())) {
        readMetadata(field.getValue(), metadata, file);
      } else {
        tensors.add(readEntry(field.getKey(), field.getValue(), file));
      }
    }
    checkOffsets(tensors, dataSize, file);
    return new SafetensorsHeader(file, dataStart, tensors, metadata);
  }

  private static void readMetadata(JsonNode node, Map<String, String> out, Path file)
      throws InvalidSafetensorsException {
    if (!node.isObject()) {
      throw new InvalidSafetensorsException(
          file, Reason.MALFORMED_HEADER, METADATA_KEY + " is not an object");
    }
    Iterator<Map.Entry<String, JsonNode>> it = node.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().isTextual()) {
        throw new InvalidSafetensorsException(
            file, Reason.MALFORMED_HEADER, METADATA_KEY + "." + e.getKey() + " is not a string");
      }
      out.put(e.getKey(), e.getValue().asText());
    }
  }

  private static TensorInfo readEntry(String name, JsonNode node, Path file)
      throws InvalidSafetensorsException {
    if (!node.isObject() || node.size() != 3) {
      throw malformed(file, name, "entry must hold exactly dtype, shape and data_offsets");
    }
    JsonNode dtypeNode = node.get("dtype");
    JsonNode shapeNode = node.get("shape");
    JsonNode offsetsNode = node.get("data_offsets");
    if (dtypeNode == null || !dtypeNode.isTextual()) {
      throw malformed(file, name, "dtype missing or not a string");
    }
    SafetensorsDType dtype = SafetensorsDType.fromHeaderName(dtypeNode.asText());
    if (dtype == null) {
      throw new InvalidSafetensorsException(
          file, Reason.UNSUPPORTED_DTYPE, name + ": dtype " + dtypeNode.asText());
    }
    if (shapeNode == null || !shapeNode.isArray()) {
      throw malformed(file, name, "shape missing or not an array");
    }
    long[] shape = new long[shapeNode.size()];
    for (int i = 0; i < shape.length; i++) {
      JsonNode d = shapeNode.get(i);
      if (!d.canConvertToExactIntegral() || !d.canConvertToLong() || d.asLong() < 0) {
        throw malformed(file, name, "shape entries must be non-negative integers");
      }
      shape[i] = d.asLong();
    }
    if (offsetsNode == null || !offsetsNode.isArray() || offsetsNode.size() != 2) {
      throw malformed(file, name, "data_offsets must be [begin, end]");
    }
    long begin = nonNegative(offsetsNode.get(0), file, name);
    long end = nonNegative(offsetsNode.get(1), file, name);
    if (end < begin) {
      throw new InvalidSafetensorsException(file, Reason.BAD_OFFSETS, name + ": end < begin");
    }
    TensorInfo info = new TensorInfo(name, dtype, shape, begin, end);
    long expected;
    try {
      expected = Math.multiplyExact(info.elementCount(), dtype.byteSize());
    } catch (ArithmeticException e) {
      throw new InvalidSafetensorsException(file, Reason.SIZE_MISMATCH, name + ": shape overflows");
    }
    if (expected != end - begin) {
      throw new InvalidSafetensorsException(
          file,
          Reason.SIZE_MISMATCH,
          name + ": shape needs " + expected + " bytes but offsets span " + (end - begin));
    }
    return info;
  }

  private static long nonNegative(JsonNode n, Path file, String name)
      throws InvalidSafetensorsException {
    if (!n.canConvertToExactIntegral() || !n.canConvertToLong() || n.asLong() < 0) {
      throw malformed(file, name, "data_offsets must be non-negative integers");
    }
    return n.asLong();
  }

  private static void checkOffsets(List<TensorInfo> tensors, long dataSize, Path file)
      throws InvalidSafetensorsException {
    List<TensorInfo> sorted = new ArrayList<>(tensors);
    sorted.sort(Comparator.comparingLong(TensorInfo::begin).thenComparingLong(TensorInfo::end));
    long expectedBegin = 0;
    for (TensorInfo t : sorted) {
      if (t.begin() != expectedBegin) {
        throw new InvalidSafetensorsException(
            file,
            Reason.BAD_OFFSETS,
            t.name()
                + ": starts at "
                + t.begin()
                + " but the previous tensor ends at "
                + expectedBegin
                + " (overlap or hole)");
      }
      expectedBegin = t.end();
    }
    if (expectedBegin != dataSize) {
      throw new InvalidSafetensorsException(
          file,
          Reason.BAD_OFFSETS,
          "tensors cover " + expectedBegin + " bytes but the data section has " + dataSize);
    }
  }

  private static InvalidSafetensorsException malformed(Path file, String name, String why) {
    return new InvalidSafetensorsException(file, Reason.MALFORMED_HEADER, name + ": " + why);
  }

  static void readFully(SeekableByteChannel channel, ByteBuffer buffer, Path file)
      throws IOException {
    while (buffer.hasRemaining()) {
      if (channel.read(buffer) < 0) {
        throw new InvalidSafetensorsException(file, Reason.TRUNCATED, "unexpected end of file");
      }
    }
  }

  /** The file this header was read from, or {@code null}. */
  public Path file() {
    return file;
  }

  /** Absolute file offset of the data section (8 + header length). */
  public long dataStart() {
    return dataStart;
  }

  /** Tensors in header order. */
  public List<TensorInfo> tensors() {
    return tensors;
  }

  /** Tensor names in header order. */
  public List<String> names() {
    return List.copyOf(byName.keySet());
  }

  /** Whether a tensor of that name exists. */
  public boolean contains(String name) {
    return byName.containsKey(name);
  }

  /**
   * The entry of a named tensor.
   *
   * @throws InvalidSafetensorsException with {@link Reason#MISSING_TENSOR} when absent
   */
  public TensorInfo tensor(String name) throws InvalidSafetensorsException {
    TensorInfo t = byName.get(name);
    if (t == null) {
      throw new InvalidSafetensorsException(file, Reason.MISSING_TENSOR, name);
    }
    return t;
  }

  /** The {@code __metadata__} strings (empty when absent). */
  public Map<String, String> metadata() {
    return metadata;
  }
}
