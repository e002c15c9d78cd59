package io.promptstream.topology.validate;

import io.promptstream.events.DeadLetterReason;
import io.promptstream.events.PromptRequest;
import java.util.Optional;

/**
 * The checks a decoded prompt must pass before the gateway serves it. A prompt that fails one is
 * dead-lettered: it could never produce a meaningful prompt for the target LLM.
 */
public final class PromptRules {

  /** A failed check: the dead-letter code and a message for the operator. */
  public record Violation(DeadLetterReason reason, String message) {}

  private final int maxChars;

  /**
   * @param maxChars prompts longer than this many characters are refused as oversized
   */
  public PromptRules(int maxChars) {
    if (maxChars < 1) {
      throw new IllegalArgumentException("maxChars must be at least 1, was " + maxChars);
    }
    this.maxChars = maxChars;
  }

  /** The first rule the prompt breaks, or empty when it may be served. */
  public Optional<Violation> check(PromptRequest prompt) {
    if (isBlank(prompt.getRequestId())) {
      return violation(DeadLetterReason.MISSING_FIELD, "requestId is empty");
    }
    if (isBlank(prompt.getTargetLlm())) {
      return violation(DeadLetterReason.MISSING_TARGET_LLM, "targetLlm is missing or empty");
    }
    String text = prompt.getText();
    if (isBlank(text)) {
      return violation(DeadLetterReason.EMPTY_TEXT, "text is empty");
    }
    if (text.length() > maxChars) {
      return violation(
          DeadLetterReason.OVERSIZED_TEXT,
          "text has " + text.length() + " characters, more than prompt.max.chars=" + maxChars);
    }
    return Optional.empty();
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }

  private static Optional<Violation> violation(DeadLetterReason reason, String message) {
    return Optional.of(new Violation(reason, message));
  }
}
