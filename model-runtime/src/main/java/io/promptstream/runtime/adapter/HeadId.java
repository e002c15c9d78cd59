package io.promptstream.runtime.adapter;

import java.util.Objects;

/**
 * Identifies an adapter head: the target LLM it was trained for and its version.
 *
 * @param targetLlm the target LLM, e.g. {@code "gpt-4o"}
 * @param version the head's version, e.g. {@code "v3"}
 */
public record HeadId(String targetLlm, String version) {

  /** Validates that both parts are non-blank. */
  public HeadId {
    Objects.requireNonNull(targetLlm, "targetLlm");
    Objects.requireNonNull(version, "version");
    if (targetLlm.isBlank()) {
      throw new IllegalArgumentException("targetLlm must not be blank");
    }
    if (version.isBlank()) {
      throw new IllegalArgumentException("version must not be blank");
    }
  }

  @Override
  public String toString() {
    return targetLlm + "@" + version;
  }
}
