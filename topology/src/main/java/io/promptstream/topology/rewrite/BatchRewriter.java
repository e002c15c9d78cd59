package io.promptstream.topology.rewrite;

import io.promptstream.events.Arm;
import io.promptstream.events.BufferedPrompt;
import io.promptstream.events.OptimizedPrompt;
import io.promptstream.events.PromptStatus;
import io.promptstream.topology.guard.IntentGuard;
import io.promptstream.topology.inference.GuardedRewriter;
import io.promptstream.topology.inference.RewriteJob;
import io.promptstream.topology.inference.RewriteResult;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns a flushed micro-batch into its outputs: one guarded model call for every prompt of the
 * batch that is to be rewritten (of any target: the model groups rows by head), the intent guard on
 * each rewrite, and one output per prompt, in the batch's order.
 */
public final class BatchRewriter {

  private final GuardedRewriter model;
  private final IntentGuard intent;
  private final Clock clock;
  private final RewriteOutcomes outcomes;

  public BatchRewriter(
      GuardedRewriter model, IntentGuard intent, Clock clock, RewriteOutcomes outcomes) {
    this.model = model;
    this.intent = intent;
    this.clock = clock;
    this.outcomes = outcomes;
  }

  /** One output per buffered prompt, in order. Never throws for a model failure. */
  public List<OptimizedPrompt> rewrite(List<BufferedPrompt> batch) {
    List<RewriteJob> jobs = new ArrayList<>();
    for (BufferedPrompt p : batch) {
      if (p.getArm() != Arm.CONTROL) {
        jobs.add(
            new RewriteJob(
                p.getRequest().getRequestId(),
                p.getRequest().getTargetLlm(),
                p.getRequest().getText(),
                p.getCanary(),
                p.getExplore()));
      }
    }
    long start = System.nanoTime();
    List<RewriteResult> results = model.rewrite(jobs);
    long inferenceMs = (System.nanoTime() - start) / 1_000_000;
    if (!jobs.isEmpty()) {
      outcomes.batch(jobs.size(), inferenceMs);
    }

    Instant now = clock.instant();
    List<OptimizedPrompt> outputs = new ArrayList<>(batch.size());
    int next = 0;
    for (BufferedPrompt p : batch) {
      OptimizedPrompt output =
          p.getArm() == Arm.CONTROL
              ? OptimizedPrompts.control(p, now)
              : outputFor(p, results.get(next++), inferenceMs, now);
      outputs.add(output);
    }
    return outputs;
  }

  private OptimizedPrompt outputFor(
      BufferedPrompt p, RewriteResult result, long inferenceMs, Instant now) {
    if (result instanceof RewriteResult.Declined declined) {
      return OptimizedPrompts.fallback(
          p, declined.status(), declined.reason(), declined.headVersion(), inferenceMs, now);
    }
    RewriteResult.Rewritten rewritten = (RewriteResult.Rewritten) result;
    Optional<String> violation = intent.violation(p.getRequest().getText(), rewritten.text());
    if (violation.isPresent()) {
      return OptimizedPrompts.fallback(
          p,
          PromptStatus.FALLBACK_INTENT,
          violation.get(),
          rewritten.headVersion(),
          inferenceMs,
          now);
    }
    return OptimizedPrompts.rewritten(p, rewritten, inferenceMs, now);
  }
}
