package io.promptstream.topology.rewrite;

import io.promptstream.events.Arm;
import io.promptstream.events.OptimizedPrompt;
import io.promptstream.events.PromptRequest;
import io.promptstream.events.PromptStatus;
import java.time.Instant;

/** Builds the output records of the gateway from the prompts they answer. */
public final class OptimizedPrompts {

  private OptimizedPrompts() {}

  /** The user's prompt, sent on unchanged with status {@link PromptStatus#PASSTHROUGH}. */
  public static OptimizedPrompt passThrough(PromptRequest request, Instant now) {
    return base(request, now)
        .setStatus(PromptStatus.PASSTHROUGH)
        .setSentText(request.getText())
        .build();
  }

  private static OptimizedPrompt.Builder base(PromptRequest request, Instant now) {
    return OptimizedPrompt.newBuilder()
        .setRequestId(request.getRequestId())
        .setConversationId(request.getConversationId())
        .setUserId(request.getUserId())
        .setTargetLlm(request.getTargetLlm())
        .setArm(Arm.UNASSIGNED)
        .setOriginalText(request.getText())
        .setProducedAt(now)
        .setAttributes(request.getAttributes());
  }
}
