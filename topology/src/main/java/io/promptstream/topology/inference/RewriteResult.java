package io.promptstream.topology.inference;

import io.promptstream.events.HeadRole;
import io.promptstream.events.PromptStatus;

/** What the model made of one {@link RewriteJob}. */
public sealed interface RewriteResult {

  /**
   * The rewritten prompt and the head that wrote it.
   *
   * @param headTarget the target whose head wrote it; null for the job's own target
   * @param role why that head wrote it
   */
  record Rewritten(String text, String headVersion, String headTarget, HeadRole role)
      implements RewriteResult {

    /** Written by the job's own target's active head. */
    public Rewritten(String text, String headVersion) {
      this(text, headVersion, null, HeadRole.ACTIVE);
    }
  }

  /**
   * The model declined this one prompt (for example an unknown target or too many tokens); the
   * gateway passes the original through with {@code status}.
   *
   * @param headVersion the head that ran, when one did (e.g. a truncated rewrite); else null
   */
  record Declined(PromptStatus status, String reason, String headVersion) implements RewriteResult {
    public Declined {
      if (!status.name().startsWith("FALLBACK_")) {
        throw new IllegalArgumentException("status must be a FALLBACK_* status, was " + status);
      }
    }

    public Declined(PromptStatus status, String reason) {
      this(status, reason, null);
    }
  }
}
