package io.promptstream.runtime.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.promptstream.runtime.safetensors.InvalidSafetensorsException;
import io.promptstream.runtime.safetensors.InvalidSafetensorsException.Reason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The weight files of a Hugging Face model directory: {@code model.safetensors}, or the shards
 * named by {@code model.safetensors.index.json}. Pickle checkpoints ({@code pytorch_model.bin},
 * {@code *.pt}) are never used: a directory that has only those is refused.
 */
public final class CheckpointFiles {

  /** Single-file weights name. */
  public static final String SINGLE_FILE = "model.safetensors";

  /** Shard index name. */
  public static final String INDEX_FILE = "model.safetensors.index.json";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<Path> files;
  private final Map<String, Path> tensorToFile;

  private CheckpointFiles(List<Path> files, Map<String, Path> tensorToFile) {
    this.files = List.copyOf(files);
    this.tensorToFile = tensorToFile;
  }

  /**
   * Finds the weight files of a model directory.
   *
   * @throws InvalidSafetensorsException with {@link Reason#EXECUTABLE_FORMAT} when only pickle
   *     weights exist, or when the index names a file outside the directory
   * @throws java.io.FileNotFoundException when no weights exist at all
   */
  public static CheckpointFiles locate(Path modelDir) throws IOException {
    Path single = modelDir.resolve(SINGLE_FILE);
    if (Files.isRegularFile(single)) {
      return new CheckpointFiles(List.of(single), null);
    }
    Path index = modelDir.resolve(INDEX_FILE);
    if (Files.isRegularFile(index)) {
      return fromIndex(modelDir, index);
    }
    for (String pickle : List.of("pytorch_model.bin", "pytorch_model.bin.index.json", "model.pt")) {
      if (Files.exists(modelDir.resolve(pickle))) {
        throw new InvalidSafetensorsException(
            modelDir.resolve(pickle),
            Reason.EXECUTABLE_FORMAT,
            "pickle checkpoints can execute code and are refused; convert to safetensors");
      }
    }
    throw new java.io.FileNotFoundException(
        "no " + SINGLE_FILE + " or " + INDEX_FILE + " in " + modelDir);
  }

  private static CheckpointFiles fromIndex(Path dir, Path index) throws IOException {
    JsonNode root = JSON.readTree(Files.readAllBytes(index));
    JsonNode map = root == null ? null : root.get("weight_map");
    if (map == null || !map.isObject()) {
      throw new InvalidSafetensorsException(index, Reason.MALFORMED_HEADER, "no weight_map");
    }
    Map<String, Path> tensorToFile = new LinkedHashMap<>();
    TreeSet<String> names = new TreeSet<>();
    Iterator<Map.Entry<String, JsonNode>> it = map.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      String fileName = e.getValue().asText();
      Path shard = dir.resolve(fileName).normalize();
      if (!shard.getParent().equals(dir.normalize()) || !fileName.endsWith(".safetensors")) {
        throw new InvalidSafetensorsException(
            index, Reason.EXECUTABLE_FORMAT, "shard " + fileName + " is not a safetensors file");
      }
      tensorToFile.put(e.getKey(), shard);
      names.add(fileName);
    }
    List<Path> files = new ArrayList<>();
    for (String n : names) {
      files.add(dir.resolve(n));
    }
    return new CheckpointFiles(files, tensorToFile);
  }

  /** The weight files, in a stable order. */
  public List<Path> files() {
    return files;
  }

  /** Whether the weights are sharded. */
  public boolean isSharded() {
    return tensorToFile != null;
  }

  /** The file the index assigns a tensor to, or {@code null} when unsharded or unknown. */
  public Path fileOf(String tensorName) {
    return tensorToFile == null ? null : tensorToFile.get(tensorName);
  }
}
