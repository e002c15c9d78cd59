package io.promptstream.topology.validate;

import io.promptstream.events.DeadLetter;
import io.promptstream.events.PromptRequest;

/** The outcome of validating one consumed record: a usable prompt, or a dead letter saying why. */
public sealed interface ValidatedPrompt {

  /** A decoded prompt that passed every check. */
  record Valid(PromptRequest request) implements ValidatedPrompt {}

  /** A record that cannot be served, with the original bytes and the reason. */
  record Invalid(DeadLetter deadLetter) implements ValidatedPrompt {}

  default boolean isValid() {
    return this instanceof Valid;
  }
}
