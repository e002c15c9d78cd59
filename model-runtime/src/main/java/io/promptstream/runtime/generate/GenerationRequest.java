package io.promptstream.runtime.generate;

import io.promptstream.runtime.model.OutputHead;
import java.util.List;
import java.util.Objects;

/**
 * One prompt to rewrite.
 *
 * <pre>{@code
 * GenerationRequest request = GenerationRequest.builder()
 *     .setPrompt("write a poem")
 *     .optHead(head)                     // default: the base model's LM head
 *     .optMaxNewTokens(96)               // default: 128
 *     .optSampling(SamplingSettings.sample(0.7f, 0.9f, requestSeed))  // default: greedy
 *     .build();
 * }</pre>
 *
 * @param prompt the user prompt (the prompter's template is applied by the generator)
 * @param head the head that turns hidden states into logits; {@code null} means the base LM head
 * @param maxNewTokens the most tokens to generate
 * @param sampling greedy or seeded sampling
 * @param stopStrings extra stop strings, in addition to the template's
 */
public record GenerationRequest(
    String prompt,
    OutputHead head,
    int maxNewTokens,
    SamplingSettings sampling,
    List<String> stopStrings) {

  /** Default for {@code maxNewTokens}. */
  public static final int DEFAULT_MAX_NEW_TOKENS = 128;

  /** Validates the request. */
  public GenerationRequest {
    Objects.requireNonNull(prompt, "prompt");
    Objects.requireNonNull(sampling, "sampling");
    if (maxNewTokens <= 0) {
      throw new IllegalArgumentException("maxNewTokens must be positive, got " + maxNewTokens);
    }
    stopStrings = List.copyOf(stopStrings);
  }

  /** A request with defaults for everything but the prompt. */
  public static GenerationRequest of(String prompt) {
    return builder().setPrompt(prompt).build();
  }

  /** A builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link GenerationRequest}. */
  public static final class Builder {
    private String prompt;
    private OutputHead head;
    private int maxNewTokens = DEFAULT_MAX_NEW_TOKENS;
    private SamplingSettings sampling = SamplingSettings.greedy();
    private List<String> stopStrings = List.of();

    private Builder() {}

    /** The user prompt (required). */
    public Builder setPrompt(String prompt) {
      this.prompt = Objects.requireNonNull(prompt, "prompt");
      return this;
    }

    /** The head to use; {@code null} (the default) means the base model's LM head. */
    public Builder optHead(OutputHead head) {
      this.head = head;
      return this;
    }

    /** Most tokens to generate; default {@value GenerationRequest#DEFAULT_MAX_NEW_TOKENS}. */
    public Builder optMaxNewTokens(int maxNewTokens) {
      if (maxNewTokens <= 0) {
        throw new IllegalArgumentException("maxNewTokens must be positive, got " + maxNewTokens);
      }
      this.maxNewTokens = maxNewTokens;
      return this;
    }

    /** Sampling settings; default greedy. */
    public Builder optSampling(SamplingSettings sampling) {
      this.sampling = Objects.requireNonNull(sampling, "sampling");
      return this;
    }

    /** Extra stop strings; default none beyond the template's. */
    public Builder optStopStrings(List<String> stopStrings) {
      this.stopStrings = List.copyOf(stopStrings);
      return this;
    }

    /** Builds the request. */
    public GenerationRequest build() {
      if (prompt == null) {
        throw new IllegalStateException("prompt is required");
      }
      return new GenerationRequest(prompt, head, maxNewTokens, sampling, stopStrings);
    }
  }
}
