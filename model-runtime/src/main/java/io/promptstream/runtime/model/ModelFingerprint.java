package io.promptstream.runtime.model;

import io.promptstream.runtime.safetensors.SafetensorsReader;
import io.promptstream.runtime.safetensors.TensorInfo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The identity of a base model's weights: a SHA-256 over {@code config.json} and every tensor's
 * name, stored dtype, shape and bytes, tensors in name order, whatever the file layout (single file
 * or any sharding). Adapter artifacts record it so that a head is only used with the trunk it was
 * trained on.
 *
 * <p>The digest input is, with every length as an 8-byte little-endian integer: the marker {@value
 * #VERSION}; the length and bytes of {@code config.json}; then per tensor the length and UTF-8
 * bytes of its name, of its dtype name, the rank and each dimension, the byte length and the stored
 * bytes. Files are streamed; nothing is loaded into DJL.
 */
public final class ModelFingerprint {

  /** Version marker hashed first; it changes if the recipe ever changes. */
  public static final String VERSION = "promptstream-model-fingerprint-v1";

  private ModelFingerprint() {}

  /**
   * Computes the fingerprint of a model directory.
   *
   * @return {@code "sha256:"} followed by 64 hex digits
   */
  public static String of(Path modelDir) throws IOException {
    MessageDigest digest = sha256();
    putBytes(digest, VERSION.getBytes(StandardCharsets.UTF_8));
    putBytes(digest, Files.readAllBytes(modelDir.resolve("config.json")));
    List<SafetensorsReader> readers = new ArrayList<>();
    try {
      Map<String, SafetensorsReader> byName = new TreeMap<>();
      for (Path file : CheckpointFiles.locate(modelDir).files()) {
        SafetensorsReader reader = SafetensorsReader.open(file);
        readers.add(reader);
        for (String name : reader.header().names()) {
          if (byName.put(name, reader) != null) {
            throw new IOException(name + " appears in more than one weight file");
          }
        }
      }
      for (Map.Entry<String, SafetensorsReader> e : byName.entrySet()) {
        TensorInfo t = e.getValue().header().tensor(e.getKey());
        putBytes(digest, t.name().getBytes(StandardCharsets.UTF_8));
        putBytes(digest, t.dtype().name().getBytes(StandardCharsets.UTF_8));
        long[] shape = t.shape();
        putLong(digest, shape.length);
        for (long d : shape) {
          putLong(digest, d);
        }
        putLong(digest, t.byteLength());
        e.getValue().streamRaw(t.name(), digest::update);
      }
    } finally {
      for (SafetensorsReader r : readers) {
        r.close();
      }
    }
    return "sha256:" + HexFormat.of().formatHex(digest.digest());
  }

  private static void putBytes(MessageDigest digest, byte[] bytes) {
    putLong(digest, bytes.length);
    digest.update(bytes);
  }

  private static void putLong(MessageDigest digest, long value) {
    digest.update(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }
}
