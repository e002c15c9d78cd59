package io.promptstream.runtime.adapter;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.promptstream.runtime.model.ModelConfig;
import io.promptstream.runtime.prompter.Prompter;
import io.promptstream.runtime.safetensors.InvalidSafetensorsException;
import io.promptstream.runtime.safetensors.InvalidSafetensorsException.Reason;
import io.promptstream.runtime.safetensors.SafetensorsHeader;
import io.promptstream.runtime.safetensors.SafetensorsReader;
import io.promptstream.runtime.safetensors.SafetensorsWriter;
import io.promptstream.runtime.safetensors.TensorInfo;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;

/**
 * Reads and writes adapter heads as safetensors: tensors {@value AdapterHead#MLP_WEIGHT}, {@value
 * AdapterHead#MLP_BIAS}, {@value AdapterHead#LM_HEAD_WEIGHT} and optionally {@value
 * AdapterHead#LM_HEAD_BIAS}; metadata {@value #META_FORMAT}, {@value #META_TARGET}, {@value
 * #META_VERSION}. Half-precision files are accepted (converted to {@code float32} on read). The
 * artifact around the file (manifest, hashes) belongs to the adapter store.
 */
public final class AdapterHeadIo {

  /** Metadata key of the format marker. */
  public static final String META_FORMAT = "format";

  /** The format marker's value. */
  public static final String FORMAT = "promptstream.adapter-head.v1";

  /** Metadata key of the target LLM. */
  public static final String META_TARGET = "target_llm";

  /** Metadata key of the version. */
  public static final String META_VERSION = "version";

  private static final Set<String> REQUIRED =
      Set.of(AdapterHead.MLP_WEIGHT, AdapterHead.MLP_BIAS, AdapterHead.LM_HEAD_WEIGHT);

  private AdapterHeadIo() {}

  /** Writes a head (float32) with its identity in the metadata. */
  public static void write(AdapterHead head, Path file) throws IOException {
    SafetensorsWriter writer =
        new SafetensorsWriter()
            .metadata(META_FORMAT, FORMAT)
            .metadata(META_TARGET, head.id().targetLlm())
            .metadata(META_VERSION, head.id().version());
    for (Map.Entry<String, NDArray> e : head.parameters().entrySet()) {
      writer.add(e.getKey(), e.getValue());
    }
    writer.write(file);
  }

  /**
   * Validates a head file against a model's sizes without loading any tensor.
   *
   * @return the head's identity from the metadata
   * @throws InvalidSafetensorsException when the file is malformed, lacks or adds tensors, or its
   *     shapes do not fit {@code hiddenSize} / {@code vocabSize}
   */
  public static HeadId validate(Path file, long hiddenSize, long vocabSize) throws IOException {
    return validate(SafetensorsHeader.read(file), hiddenSize, vocabSize);
  }

  private static HeadId validate(SafetensorsHeader header, long hidden, long vocab)
      throws InvalidSafetensorsException {
    Path file = header.file();
    for (String name : header.names()) {
      if (!REQUIRED.contains(name) && !name.equals(AdapterHead.LM_HEAD_BIAS)) {
        throw new InvalidSafetensorsException(file, Reason.MALFORMED_HEADER, "unexpected " + name);
      }
    }
    expect(header, AdapterHead.MLP_WEIGHT, hidden, hidden);
    expect(header, AdapterHead.MLP_BIAS, hidden);
    expect(header, AdapterHead.LM_HEAD_WEIGHT, vocab, hidden);
    if (header.contains(AdapterHead.LM_HEAD_BIAS)) {
      expect(header, AdapterHead.LM_HEAD_BIAS, vocab);
    }
    Map<String, String> meta = header.metadata();
    if (!FORMAT.equals(meta.get(META_FORMAT))
        || meta.get(META_TARGET) == null
        || meta.get(META_VERSION) == null) {
      throw new InvalidSafetensorsException(
          file,
          Reason.MALFORMED_HEADER,
          "metadata must hold "
              + META_FORMAT
              + "="
              + FORMAT
              + ", "
              + META_TARGET
              + ", "
              + META_VERSION);
    }
    try {
      return new HeadId(meta.get(META_TARGET), meta.get(META_VERSION));
    } catch (IllegalArgumentException e) {
      throw new InvalidSafetensorsException(file, Reason.MALFORMED_HEADER, e.getMessage());
    }
  }

  private static void expect(SafetensorsHeader header, String name, long... shape)
      throws InvalidSafetensorsException {
    TensorInfo t = header.tensor(name);
    if (!t.dtype().isFloatingPoint() || !Arrays.equals(t.shape(), shape)) {
      throw new InvalidSafetensorsException(
          header.file(),
          Reason.SIZE_MISMATCH,
          name
              + " is "
              + t.dtype()
              + Arrays.toString(t.shape())
              + ", expected a float tensor of "
              + Arrays.toString(shape));
    }
  }

  /** Reads a head for a prompter, onto the prompter's device. */
  public static AdapterHead read(Path file, Prompter prompter) throws IOException {
    return read(file, prompter.config(), prompter.manager());
  }

  /**
   * Reads a head after validating it against a model configuration.
   *
   * @param file the safetensors file
   * @param config the model the head must fit
   * @param parent the manager the head's own manager is created under (its device is used)
   */
  public static AdapterHead read(Path file, ModelConfig config, NDManager parent)
      throws IOException {
    try (SafetensorsReader reader = SafetensorsReader.open(file)) {
      HeadId id = validate(reader.header(), config.hiddenSize(), config.vocabSize());
      NDManager staging = parent.newSubManager();
      try {
        NDArray mlpWeight = reader.read(AdapterHead.MLP_WEIGHT, staging);
        NDArray mlpBias = reader.read(AdapterHead.MLP_BIAS, staging);
        NDArray lmWeight = reader.read(AdapterHead.LM_HEAD_WEIGHT, staging);
        NDArray lmBias =
            reader.header().contains(AdapterHead.LM_HEAD_BIAS)
                ? reader.read(AdapterHead.LM_HEAD_BIAS, staging)
                : null;
        return AdapterHead.create(id, parent, mlpWeight, mlpBias, lmWeight, lmBias);
      } finally {
        staging.close();
      }
    }
  }
}
