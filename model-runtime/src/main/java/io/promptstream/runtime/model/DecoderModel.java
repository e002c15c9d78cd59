package io.promptstream.runtime.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import io.promptstream.runtime.model.gpt2.Gpt2Model;
import io.promptstream.runtime.model.llama.LlamaModel;
import io.promptstream.runtime.model.nn.Linear;
import io.promptstream.runtime.model.phi.PhiModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A decoder-only transformer trunk in DJL NDArray operations, plus its base LM head.
 *
 * <p>{@link #forward} maps token ids to the final, normalised hidden states {@code E}; an {@link
 * OutputHead} maps {@code E} to logits. Forward passes create new arrays rather than updating in
 * place, and the parameters are plain arrays under the model's manager, so the same code can run
 * under a {@code GradientCollector} for training.
 *
 * <p>The weights live under a manager of their own, created under the parent given to {@link
 * #load}; {@link #close()} frees them.
 */
public abstract class DecoderModel implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DecoderModel.class);

  /** The hyper-parameters. */
  protected final ModelConfig config;

  /** Owner of every weight. */
  protected final NDManager manager;

  private final Map<String, NDArray> parameters = new LinkedHashMap<>();

  /** Creates the model shell; subclasses load their weights in their constructors. */
  protected DecoderModel(ModelConfig config, NDManager manager) {
    this.config = config;
    this.manager = manager;
  }

  /**
   * Loads a model of any supported family, streaming its tensors one by one as {@code float32}.
   *
   * @param modelDir a Hugging Face model directory
   * @param config its configuration
   * @param parent the manager the model's own manager is created under (its device is used)
   * @return the model; close it to free the weights
   * @throws UnsupportedModelException when tensors are missing or shaped unlike the config says
   */
  public static DecoderModel load(Path modelDir, ModelConfig config, NDManager parent)
      throws IOException {
    NDManager manager = parent.newSubManager();
    try (CheckpointWeights weights = CheckpointWeights.open(modelDir)) {
      DecoderModel model;
      switch (config.family()) {
        case GPT2:
          model = new Gpt2Model(config, manager, weights);
          break;
        case LLAMA:
          model = new LlamaModel(config, manager, weights);
          break;
        default:
          model = new PhiModel(config, manager, weights);
          break;
      }
      if (!weights.unused().isEmpty()) {
        LOG.info("{}: ignored tensors {}", modelDir, weights.unused());
      }
      return model;
    } catch (IOException | RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  /**
   * Runs the trunk.
   *
   * @param input ids, positions and mask of this pass
   * @param cache the cache to extend and attend over, or {@code null} for a self-contained pass
   * @return final normalised hidden states {@code [B, T, hidden]}
   */
  public abstract NDArray forward(ForwardInput input, KvCache cache);

  /** The base model's own LM head. */
  public abstract LmHead baseHead();

  /**
   * The weights under their Hugging Face names and layouts (fused projections split again, GPT-2's
   * Conv1D weights transposed back), ready for {@code SafetensorsWriter}; arrays that need a new
   * layout are created under {@code target}.
   */
  public abstract Map<String, NDArray> toHfTensors(NDManager target);

  /** The hyper-parameters. */
  public ModelConfig config() {
    return config;
  }

  /** The manager that owns the weights. */
  public NDManager manager() {
    return manager;
  }

  /**
   * The parameters by internal name (fused projections appear fused). These are the live arrays: a
   * trainer may attach gradients to them.
   */
  public Map<String, NDArray> parameters() {
    return Collections.unmodifiableMap(parameters);
  }

  /** A cache for {@code batch} rows of up to {@code capacity} positions. */
  public KvCache newCache(NDManager parent, int batch, int capacity) {
    return KvCache.allocate(parent, config, batch, capacity);
  }

  /** Registers a parameter (returns it). */
  protected NDArray param(String name, NDArray array) {
    if (parameters.putIfAbsent(name, array) != null) {
      throw new IllegalStateException("duplicate parameter " + name);
    }
    return array;
  }

  /** Registers a linear layer's arrays under {@code name.weight} and {@code name.bias}. */
  protected Linear param(String name, Linear linear) {
    param(name + ".weight", linear.weight());
    if (linear.bias() != null) {
      param(name + ".bias", linear.bias());
    }
    return linear;
  }

  /**
   * Loads several projections that read the same input and fuses them along the output axis, so
   * that one matrix product serves them all. The parts are released once fused.
   */
  protected Linear fused(
      CheckpointWeights w, String[] names, long[] outs, long in, boolean withBias)
      throws IOException {
    if (names.length < 2) {
      throw new IllegalArgumentException("fusing needs at least two projections");
    }
    NDArray[] weights = new NDArray[names.length];
    NDArray[] biases = withBias ? new NDArray[names.length] : null;
    try {
      for (int i = 0; i < names.length; i++) {
        weights[i] = w.load(names[i] + ".weight", manager, outs[i], in);
        if (withBias) {
          biases[i] = w.load(names[i] + ".bias", manager, outs[i]);
        }
      }
      NDArray weight = concat(weights);
      NDArray bias = withBias ? concat(biases) : null;
      NDScope.unregister(weight);
      if (bias != null) {
        NDScope.unregister(bias);
      }
      return new Linear(weight, bias);
    } finally {
      closeAll(weights);
      if (biases != null) {
        closeAll(biases);
      }
    }
  }

  /** Loads one projection. */
  protected Linear linear(CheckpointWeights w, String name, long out, long in, boolean withBias)
      throws IOException {
    NDArray weight = w.load(name + ".weight", manager, out, in);
    NDArray bias = withBias ? w.load(name + ".bias", manager, out) : null;
    return new Linear(weight, bias);
  }

  private static NDArray concat(NDArray[] parts) {
    return NDArrays.concat(new NDList(parts), 0);
  }

  private static void closeAll(NDArray[] arrays) {
    for (NDArray a : arrays) {
      if (a != null) {
        a.close();
      }
    }
  }

  /** Frees the weights. */
  @Override
  public void close() {
    manager.close();
  }
}
