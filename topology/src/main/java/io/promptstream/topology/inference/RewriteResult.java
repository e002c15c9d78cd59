package io.promptstream.topology.inference;

import io.promptstream.events.PromptStatus;

/** What the model made of one {@link RewriteJob}. */
public sealed interface RewriteResult {

  /** The rewritten prompt and the head version that wrote it. */
  record Rewritten(String text, String headVersion) implements RewriteResult {}

  /**
   * The model declined this one prompt (for example an unknown target or too many tokens); the
   * gateway passes the original through with {@code status}.
   */
  record Declined(PromptStatus status, String reason) implements RewriteResult {
    public Declined {
      if (!status.name().startsWith("FALLBACK_")) {
        throw new IllegalArgumentException("status must be a FALLBACK_* status, was " + status);
      }
    }
  }
}
