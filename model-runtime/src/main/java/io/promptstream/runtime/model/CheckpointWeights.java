package io.promptstream.runtime.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.promptstream.runtime.safetensors.InvalidSafetensorsException;
import io.promptstream.runtime.safetensors.SafetensorsReader;
import io.promptstream.runtime.safetensors.TensorInfo;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Named tensors of a checkpoint, read one at a time (as {@code float32}) into a manager. Every
 * file's header is validated when the checkpoint is opened, before any tensor is read.
 */
public final class CheckpointWeights implements AutoCloseable {

  private final List<SafetensorsReader> readers = new ArrayList<>();
  private final Map<String, SafetensorsReader> byName = new LinkedHashMap<>();
  private final Set<String> used = new LinkedHashSet<>();

  private CheckpointWeights() {}

  /** Opens and validates the weight files of a model directory. */
  public static CheckpointWeights open(Path modelDir) throws IOException {
    CheckpointFiles files = CheckpointFiles.locate(modelDir);
    CheckpointWeights weights = new CheckpointWeights();
    try {
      for (Path file : files.files()) {
        SafetensorsReader reader = SafetensorsReader.open(file);
        weights.readers.add(reader);
        for (TensorInfo t : reader.header().tensors()) {
          Path expected = files.fileOf(t.name());
          if (files.isSharded() && expected != null && !expected.equals(file)) {
            continue; // the index is authoritative about where a tensor lives
          }
          if (weights.byName.putIfAbsent(t.name(), reader) != null) {
            throw new InvalidSafetensorsException(
                file,
                InvalidSafetensorsException.Reason.DUPLICATE_TENSOR,
                t.name() + " appears in more than one shard");
          }
        }
      }
      return weights;
    } catch (IOException | RuntimeException e) {
      weights.close();
      throw e;
    }
  }

  /** Whether a tensor exists. */
  public boolean contains(String name) {
    return byName.containsKey(name);
  }

  /** All tensor names. */
  public Set<String> names() {
    return byName.keySet();
  }

  /**
   * Reads a tensor into the manager as {@code float32} and checks its shape.
   *
   * @throws UnsupportedModelException when it is missing or its shape differs from {@code shape}
   */
  public NDArray load(String name, NDManager manager, long... shape) throws IOException {
    SafetensorsReader reader = byName.get(name);
    if (reader == null) {
      throw new UnsupportedModelException("checkpoint has no tensor " + name);
    }
    long[] actual = reader.header().tensor(name).shape();
    if (!java.util.Arrays.equals(actual, shape)) {
      throw new UnsupportedModelException(
          name
              + " has shape "
              + java.util.Arrays.toString(actual)
              + ", config.json implies "
              + java.util.Arrays.toString(shape));
    }
    used.add(name);
    return reader.read(name, manager);
  }

  /** Names present in the files but never loaded (e.g. buffers the model recomputes). */
  public Set<String> unused() {
    Set<String> rest = new LinkedHashSet<>(byName.keySet());
    rest.removeAll(used);
    return rest;
  }

  @Override
  public void close() throws IOException {
    IOException first = null;
    for (SafetensorsReader r : readers) {
      try {
        r.close();
      } catch (IOException e) {
        first = first == null ? e : first;
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
