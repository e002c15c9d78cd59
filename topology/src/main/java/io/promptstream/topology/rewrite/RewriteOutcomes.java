package io.promptstream.topology.rewrite;

import io.promptstream.events.OptimizedPrompt;

/**
 * Where the rewriter reports what it did: metrics in production, nothing in tests that don't care.
 */
public interface RewriteOutcomes {

  /** A batch of {@code size} prompts spent {@code inferenceMs} in the guarded model call. */
  void batch(int size, long inferenceMs);

  /** One output is about to be emitted (any status: rewritten, control, fallback, pass-through). */
  void output(OptimizedPrompt output);

  /** Reports nowhere. */
  RewriteOutcomes NONE =
      new RewriteOutcomes() {
        @Override
        public void batch(int size, long inferenceMs) {}

        @Override
        public void output(OptimizedPrompt output) {}
      };
}
