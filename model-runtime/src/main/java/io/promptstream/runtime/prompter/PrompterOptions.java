package io.promptstream.runtime.prompter;

import ai.djl.Device;
import io.promptstream.runtime.generate.PromptTemplate;
import java.util.List;
import java.util.Objects;

/**
 * How a {@link Prompter} is loaded and runs. Every setting has a default:
 *
 * <pre>{@code
 * PrompterOptions options = PrompterOptions.builder()
 *     .optMaxPromptTokens(512)      // longer templated prompts finish as PROMPT_TOO_LONG
 *     .optMaxBatchSize(64)          // larger request lists run in several passes
 *     .build();
 * }</pre>
 */
public final class PrompterOptions {

  /** Default longest templated prompt, in tokens. */
  public static final int DEFAULT_MAX_PROMPT_TOKENS = 512;

  /** Default largest batch run in one pass. */
  public static final int DEFAULT_MAX_BATCH_SIZE = 64;

  private final Device device;
  private final int maxPromptTokens;
  private final int maxBatchSize;
  private final PromptTemplate template;
  private final List<Integer> eosTokenIds;
  private final Integer padTokenId;
  private final boolean addSpecialTokens;

  private PrompterOptions(Builder b) {
    this.device = b.device;
    this.maxPromptTokens = b.maxPromptTokens;
    this.maxBatchSize = b.maxBatchSize;
    this.template = b.template;
    this.eosTokenIds = b.eosTokenIds;
    this.padTokenId = b.padTokenId;
    this.addSpecialTokens = b.addSpecialTokens;
  }

  /** All defaults. */
  public static PrompterOptions defaults() {
    return builder().build();
  }

  /** A builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The device, or {@code null} for automatic (a GPU when the engine finds one, else CPU). */
  public Device device() {
    return device;
  }

  /** Longest templated prompt in tokens. */
  public int maxPromptTokens() {
    return maxPromptTokens;
  }

  /** Largest batch run in one pass. */
  public int maxBatchSize() {
    return maxBatchSize;
  }

  /** The template, or {@code null} to use the model directory's (or the default). */
  public PromptTemplate template() {
    return template;
  }

  /** End-of-sequence ids, or {@code null} to use {@code config.json}'s. */
  public List<Integer> eosTokenIds() {
    return eosTokenIds;
  }

  /** Pad id, or {@code null} for {@code config.json}'s pad, else its first EOS, else 0. */
  public Integer padTokenId() {
    return padTokenId;
  }

  /** Whether the tokenizer adds its special tokens (such as BOS). */
  public boolean addSpecialTokens() {
    return addSpecialTokens;
  }

  /** Builds {@link PrompterOptions}. */
  public static final class Builder {
    private Device device;
    private int maxPromptTokens = DEFAULT_MAX_PROMPT_TOKENS;
    private int maxBatchSize = DEFAULT_MAX_BATCH_SIZE;
    private PromptTemplate template;
    private List<Integer> eosTokenIds;
    private Integer padTokenId;
    private boolean addSpecialTokens = true;

    private Builder() {}

    /** Device to run on; default automatic (GPU if the engine finds one, else CPU). */
    public Builder optDevice(Device device) {
      this.device = device;
      return this;
    }

    /** Longest templated prompt; default {@value PrompterOptions#DEFAULT_MAX_PROMPT_TOKENS}. */
    public Builder optMaxPromptTokens(int maxPromptTokens) {
      if (maxPromptTokens <= 0) {
        throw new IllegalArgumentException("maxPromptTokens must be positive");
      }
      this.maxPromptTokens = maxPromptTokens;
      return this;
    }

    /** Largest batch per pass; default {@value PrompterOptions#DEFAULT_MAX_BATCH_SIZE}. */
    public Builder optMaxBatchSize(int maxBatchSize) {
      if (maxBatchSize <= 0) {
        throw new IllegalArgumentException("maxBatchSize must be positive");
      }
      this.maxBatchSize = maxBatchSize;
      return this;
    }

    /** Prompt template; default the model directory's {@code promptstream.json}, else DEFAULT. */
    public Builder optTemplate(PromptTemplate template) {
      this.template = Objects.requireNonNull(template, "template");
      return this;
    }

    /** End-of-sequence ids; default {@code config.json}'s {@code eos_token_id}. */
    public Builder optEosTokenIds(List<Integer> eosTokenIds) {
      this.eosTokenIds = List.copyOf(eosTokenIds);
      return this;
    }

    /** Pad id; default {@code config.json}'s pad, else its first EOS, else 0. */
    public Builder optPadTokenId(int padTokenId) {
      this.padTokenId = padTokenId;
      return this;
    }

    /** Whether the tokenizer adds special tokens such as BOS; default true. */
    public Builder optAddSpecialTokens(boolean addSpecialTokens) {
      this.addSpecialTokens = addSpecialTokens;
      return this;
    }

    /** Builds the options. */
    public PrompterOptions build() {
      return new PrompterOptions(this);
    }
  }
}
