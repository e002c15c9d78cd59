package io.promptstream.topology.inference;

import java.util.List;

/**
 * The model behind the gateway: rewrites a batch of prompts in one pass. Stream threads share one
 * engine; an implementation may merge concurrent batches into one device batch.
 *
 * <p>Implementations may block and may throw: the caller guards every call with a time budget, a
 * circuit breaker and a bulkhead, and falls back to the original prompts on any failure.
 */
public interface RewriteEngine extends AutoCloseable {

  /**
   * Rewrites {@code jobs}.
   *
   * @return one result per job, in the same order
   * @throws RuntimeException if the whole batch failed; every prompt in it falls back
   */
  List<RewriteResult> rewrite(List<RewriteJob> jobs);

  @Override
  default void close() {}
}
