package io.promptstream.topology.testutil;

import io.promptstream.events.HeadRole;
import io.promptstream.topology.inference.RewriteEngine;
import io.promptstream.topology.inference.RewriteJob;
import io.promptstream.topology.inference.RewriteResult;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A deterministic model for stream tests: rewrites a prompt as "For TARGET: prompt" and reports
 * head version "TARGET-v1" (or "TARGET-canary" for canary jobs), so a test can check that every
 * output was written by the right head. Counts batches and rows.
 */
public final class TargetTaggingEngine implements RewriteEngine {

  private final AtomicInteger batches = new AtomicInteger();
  private final AtomicInteger rows = new AtomicInteger();

  public static String expectedRewrite(String target, String text) {
    return "For " + target + ": " + text;
  }

  public static String expectedVersion(String target, boolean canary) {
    return target + (canary ? "-canary" : "-v1");
  }

  @Override
  public List<RewriteResult> rewrite(List<RewriteJob> jobs) {
    batches.incrementAndGet();
    rows.addAndGet(jobs.size());
    return jobs.stream()
        .<RewriteResult>map(
            j ->
                new RewriteResult.Rewritten(
                    expectedRewrite(j.targetLlm(), j.text()),
                    expectedVersion(j.targetLlm(), j.canary()),
                    j.targetLlm(),
                    j.canary() ? HeadRole.CANARY : HeadRole.ACTIVE))
        .toList();
  }

  public int batches() {
    return batches.get();
  }

  public int rows() {
    return rows.get();
  }
}
