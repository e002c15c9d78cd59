package io.promptstream.topology.rewrite;

import io.promptstream.events.Arm;
import io.promptstream.events.BufferedPrompt;
import io.promptstream.events.OptimizedPrompt;
import io.promptstream.events.PromptRequest;
import io.promptstream.events.PromptStatus;
import io.promptstream.topology.inference.RewriteResult;
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

  /** A control-arm prompt: sent unchanged, at once. */
  public static OptimizedPrompt control(PromptRequest request, String experiment, Instant now) {
    return base(request, now)
        .setArm(Arm.CONTROL)
        .setExperiment(experiment)
        .setStatus(PromptStatus.CONTROL)
        .setSentText(request.getText())
        .build();
  }

  /** A control-arm prompt that waited behind an earlier prompt of its conversation. */
  public static OptimizedPrompt control(BufferedPrompt buffered, Instant now) {
    return base(buffered.getRequest(), now)
        .setArm(Arm.CONTROL)
        .setExperiment(buffered.getExperiment())
        .setStatus(PromptStatus.CONTROL)
        .setSentText(buffered.getRequest().getText())
        .setQueueWaitMs(waited(buffered, now))
        .build();
  }

  /** A prompt the model rewrote. */
  public static OptimizedPrompt rewritten(
      BufferedPrompt buffered, RewriteResult.Rewritten rewrite, long inferenceMs, Instant now) {
    String target = buffered.getRequest().getTargetLlm();
    return base(buffered.getRequest(), now)
        .setArm(buffered.getArm())
        .setExperiment(buffered.getExperiment())
        .setStatus(PromptStatus.REWRITTEN)
        .setHeadVersion(rewrite.headVersion())
        .setHeadTarget(rewrite.headTarget() == null ? target : rewrite.headTarget())
        .setHeadRole(rewrite.role())
        .setSentText(rewrite.text())
        .setQueueWaitMs(waited(buffered, now))
        .setInferenceMs(inferenceMs)
        .build();
  }

  /** A prompt meant for the model that is sent unchanged, with the reason. */
  public static OptimizedPrompt fallback(
      BufferedPrompt buffered,
      PromptStatus status,
      String reason,
      String headVersion,
      long inferenceMs,
      Instant now) {
    return base(buffered.getRequest(), now)
        .setArm(buffered.getArm())
        .setExperiment(buffered.getExperiment())
        .setStatus(status)
        .setReason(reason)
        .setHeadVersion(headVersion)
        .setSentText(buffered.getRequest().getText())
        .setQueueWaitMs(waited(buffered, now))
        .setInferenceMs(inferenceMs)
        .build();
  }

  private static long waited(BufferedPrompt buffered, Instant now) {
    return Math.max(0, now.toEpochMilli() - buffered.getEnqueuedAt().toEpochMilli());
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
