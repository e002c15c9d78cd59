package io.promptstream.topology.inference;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.promptstream.events.PromptStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Calls a {@link RewriteEngine} under a time budget, a circuit breaker and a bulkhead, and turns
 * every failure into per-prompt fallbacks. It never throws and never holds the calling stream
 * thread longer than the budget: a chat message is never stalled or lost because of the model.
 *
 * <ul>
 *   <li>bulkhead full: {@code FALLBACK_BULKHEAD_FULL} at once, the model is not called;
 *   <li>breaker open: {@code FALLBACK_CIRCUIT_OPEN} at once;
 *   <li>budget exceeded: {@code FALLBACK_TIMEOUT}; the model call is interrupted and its result
 *       discarded; the breaker counts it as a failure;
 *   <li>the engine throws: {@code FALLBACK_MODEL_ERROR}, counted as a failure.
 * </ul>
 *
 * <p>The breaker's clock is injected so its open/half-open transitions are tested without waiting.
 */
public final class GuardedRewriter implements AutoCloseable {

  private final RewriteEngine engine;
  private final InferenceGuardSettings settings;
  private final CircuitBreaker breaker;
  private final Bulkhead bulkhead;
  private final ExecutorService modelThreads;

  public GuardedRewriter(RewriteEngine engine, InferenceGuardSettings settings, Clock clock) {
    this.engine = engine;
    this.settings = settings;
    this.breaker =
        CircuitBreaker.of(
            "rewrite-engine",
            CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(settings.breakerWindow())
                .minimumNumberOfCalls(settings.breakerMinimumCalls())
                .failureRateThreshold(settings.breakerFailureRatePercent())
                .waitDurationInOpenState(settings.breakerOpenFor())
                .permittedNumberOfCallsInHalfOpenState(settings.breakerHalfOpenCalls())
                .recordExceptions(Exception.class)
                .clock(clock)
                .build());
    this.bulkhead =
        Bulkhead.of(
            "rewrite-engine",
            BulkheadConfig.custom()
                .maxConcurrentCalls(settings.maxConcurrentBatches())
                .maxWaitDuration(Duration.ZERO)
                .build());
    AtomicInteger threadNumber = new AtomicInteger();
    this.modelThreads =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "promptstream-model-" + threadNumber.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Rewrites {@code jobs}, or explains per job why not.
   *
   * @return one result per job, in order; never throws
   */
  public List<RewriteResult> rewrite(List<RewriteJob> jobs) {
    if (jobs.isEmpty()) {
      return List.of();
    }
    if (!bulkhead.tryAcquirePermission()) {
      return fallback(jobs, PromptStatus.FALLBACK_BULKHEAD_FULL, "too many batches in the model");
    }
    try {
      if (!breaker.tryAcquirePermission()) {
        return fallback(jobs, PromptStatus.FALLBACK_CIRCUIT_OPEN, "circuit breaker is open");
      }
      return callModel(jobs);
    } finally {
      bulkhead.onComplete();
    }
  }

  private List<RewriteResult> callModel(List<RewriteJob> jobs) {
    long start = System.nanoTime();
    Future<List<RewriteResult>> call = modelThreads.submit(() -> engine.rewrite(jobs));
    try {
      List<RewriteResult> results = call.get(settings.budget().toNanos(), TimeUnit.NANOSECONDS);
      if (results == null || results.size() != jobs.size()) {
        throw new IllegalStateException(
            "engine returned "
                + (results == null ? "null" : results.size() + " results")
                + " for "
                + jobs.size()
                + " jobs");
      }
      breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
      return results;
    } catch (TimeoutException e) {
      call.cancel(true);
      breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
      return fallback(
          jobs, PromptStatus.FALLBACK_TIMEOUT, "model exceeded its budget of " + settings.budget());
    } catch (ExecutionException | RuntimeException e) {
      Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
      breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, cause);
      return fallback(jobs, PromptStatus.FALLBACK_MODEL_ERROR, "model error: " + cause);
    } catch (InterruptedException e) {
      call.cancel(true);
      Thread.currentThread().interrupt();
      breaker.releasePermission();
      return fallback(
          jobs, PromptStatus.FALLBACK_MODEL_ERROR, "interrupted while waiting for the model");
    }
  }

  /** The breaker's state, for metrics and tests. */
  public CircuitBreaker.State breakerState() {
    return breaker.getState();
  }

  /** The breaker, to register its metrics. */
  public CircuitBreaker breaker() {
    return breaker;
  }

  private static List<RewriteResult> fallback(
      List<RewriteJob> jobs, PromptStatus status, String reason) {
    List<RewriteResult> results = new ArrayList<>(jobs.size());
    RewriteResult declined = new RewriteResult.Declined(status, reason);
    for (int i = 0; i < jobs.size(); i++) {
      results.add(declined);
    }
    return Collections.unmodifiableList(results);
  }

  @Override
  public void close() {
    modelThreads.shutdownNow();
    engine.close();
  }
}
