package io.promptstream.runtime.prompter;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import io.promptstream.runtime.generate.BatchGenerator;
import io.promptstream.runtime.generate.Generation;
import io.promptstream.runtime.generate.GenerationRequest;
import io.promptstream.runtime.generate.PromptTemplate;
import io.promptstream.runtime.model.DecoderModel;
import io.promptstream.runtime.model.LmHead;
import io.promptstream.runtime.model.ModelConfig;
import io.promptstream.runtime.tokenizer.PrompterTokenizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The prompter: a causal LM loaded from a Hugging Face directory ({@code config.json}, {@code
 * model.safetensors} or shards with an index, {@code tokenizer.json}) that rewrites prompts.
 *
 * <pre>{@code
 * try (Prompter prompter = Prompter.load(Path.of("models/prompter"), PrompterOptions.defaults())) {
 *   List<Generation> out = prompter.generate(List.of(
 *       GenerationRequest.builder().setPrompt("write a poem").optHead(gpt4Head).build(),
 *       GenerationRequest.of("explain kafka")));   // base LM head
 * }
 * }</pre>
 *
 * <p>Calls to {@link #generate} are serialised: one batch at a time uses all intra-op threads of
 * the engine. Weights live under the prompter's manager until {@link #close()}.
 */
public final class Prompter implements AutoCloseable {

  /** Tokenizer file name in a model directory. */
  public static final String TOKENIZER_FILE = "tokenizer.json";

  /** Config file name in a model directory. */
  public static final String CONFIG_FILE = "config.json";

  private final Path modelDir;
  private final NDManager manager;
  private final DecoderModel model;
  private final PrompterTokenizer tokenizer;
  private final PromptTemplate template;
  private final BatchGenerator generator;

  private Prompter(
      Path modelDir,
      NDManager manager,
      DecoderModel model,
      PrompterTokenizer tokenizer,
      PromptTemplate template,
      BatchGenerator generator) {
    this.modelDir = modelDir;
    this.manager = manager;
    this.model = model;
    this.tokenizer = tokenizer;
    this.template = template;
    this.generator = generator;
  }

  /** Loads a prompter with default options. */
  public static Prompter load(Path modelDir) throws IOException {
    return load(modelDir, PrompterOptions.defaults());
  }

  /**
   * Loads a prompter.
   *
   * @param modelDir the Hugging Face model directory
   * @param options loading and generation options
   * @return the prompter; close it to free its weights
   * @throws io.promptstream.runtime.model.UnsupportedModelException for an unsupported architecture
   *     or setting
   * @throws io.promptstream.runtime.safetensors.InvalidSafetensorsException for malformed or
   *     executable weight files
   * @throws IOException when files are missing or unreadable
   */
  public static Prompter load(Path modelDir, PrompterOptions options) throws IOException {
    ModelConfig config = ModelConfig.read(modelDir.resolve(CONFIG_FILE));
    PromptTemplate template =
        options.template() != null ? options.template() : PromptTemplate.forModelDir(modelDir);
    Device device = options.device() != null ? options.device() : Devices.preferred();
    NDManager manager = Devices.engine().newBaseManager(device);
    PrompterTokenizer tokenizer = null;
    try {
      tokenizer =
          PrompterTokenizer.load(
              modelDir.resolve(TOKENIZER_FILE),
              options.maxPromptTokens(),
              options.addSpecialTokens());
      DecoderModel model = DecoderModel.load(modelDir, config, manager);
      Set<Long> eos = new LinkedHashSet<>();
      List<Integer> eosIds =
          options.eosTokenIds() != null ? options.eosTokenIds() : config.eosTokenIds();
      eosIds.forEach(id -> eos.add(id.longValue()));
      long pad = padId(options, config);
      BatchGenerator generator =
          new BatchGenerator(model, tokenizer, template, eos, pad, options.maxBatchSize(), manager);
      return new Prompter(modelDir, manager, model, tokenizer, template, generator);
    } catch (IOException | RuntimeException e) {
      if (tokenizer != null) {
        tokenizer.close();
      }
      manager.close();
      throw e;
    }
  }

  private static long padId(PrompterOptions options, ModelConfig config) {
    if (options.padTokenId() != null) {
      return options.padTokenId();
    }
    if (config.padTokenId() != null) {
      return config.padTokenId();
    }
    return config.eosTokenIds().isEmpty() ? 0 : config.eosTokenIds().get(0);
  }

  /**
   * Generates one rewrite per request, in request order. Rows of different heads share the batch:
   * the trunk runs once for all of them.
   *
   * @throws IllegalArgumentException when a head does not fit this model
   * @throws IllegalStateException when an adapter head was released before the call
   */
  public synchronized List<Generation> generate(List<GenerationRequest> requests) {
    if (requests.isEmpty()) {
      return List.of();
    }
    return generator.generate(requests);
  }

  /** Generates one rewrite. */
  public Generation generate(GenerationRequest request) {
    return generate(List.of(request)).get(0);
  }

  /** The model (trunk and base head), e.g. for training. */
  public DecoderModel model() {
    return model;
  }

  /** The hyper-parameters. */
  public ModelConfig config() {
    return model.config();
  }

  /** The base model's own LM head: the default head. */
  public LmHead baseHead() {
    return model.baseHead();
  }

  /** The tokenizer. */
  public PrompterTokenizer tokenizer() {
    return tokenizer;
  }

  /** The prompt template in use. */
  public PromptTemplate template() {
    return template;
  }

  /** The device the weights live on. */
  public Device device() {
    return manager.getDevice();
  }

  /** The long-lived manager (weights, heads created for this prompter). */
  public NDManager manager() {
    return manager;
  }

  /** The directory the prompter was loaded from. */
  public Path modelDir() {
    return modelDir;
  }

  /** Frees weights and the tokenizer. */
  @Override
  public synchronized void close() {
    tokenizer.close();
    manager.close();
  }
}
