package io.promptstream.runtime.training.data;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * One dataset record: a user prompt and its rewrite in each style.
 *
 * @param id stable record id
 * @param category task category (used to stratify the held-out split)
 * @param prompt the user prompt
 * @param rewrites the rewrite per style (every style present)
 */
public record PromptRewrite(
    String id, String category, String prompt, Map<RewriteStyle, String> rewrites) {

  /** Validates and copies. */
  public PromptRewrite {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(prompt, "prompt");
    EnumMap<RewriteStyle, String> copy = new EnumMap<>(RewriteStyle.class);
    copy.putAll(rewrites);
    for (RewriteStyle s : RewriteStyle.values()) {
      if (copy.get(s) == null || copy.get(s).isBlank()) {
        throw new IllegalArgumentException(id + ": rewrite '" + s.key() + "' missing or blank");
      }
    }
    rewrites = java.util.Collections.unmodifiableMap(copy);
  }

  /** The rewrite in one style. */
  public String rewrite(RewriteStyle style) {
    return rewrites.get(style);
  }
}
