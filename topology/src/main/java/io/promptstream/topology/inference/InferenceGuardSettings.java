package io.promptstream.topology.inference;

import java.time.Duration;

/**
 * How inference is guarded. The defaults suit an LLM path in a chat gateway: a message must not
 * wait long, and a failing model should be bypassed within a handful of calls and retried within
 * seconds (the library defaults need 100 calls before the breaker may open and then wait 60 s).
 *
 * @param budget longest a batch may spend in the model before its prompts fall back (default 2 s)
 * @param breakerWindow calls the breaker's failure rate is computed over (default 20)
 * @param breakerMinimumCalls calls needed before the breaker may open (default 5)
 * @param breakerFailureRatePercent failure or timeout rate that opens the breaker (default 50)
 * @param breakerOpenFor how long the breaker stays open before trying the model again (default 5 s)
 * @param breakerHalfOpenCalls trial calls allowed while half-open (default 2)
 * @param maxConcurrentBatches batches that may be in the model at once; more fall back at once with
 *     {@code FALLBACK_BULKHEAD_FULL} instead of queueing (default 2)
 */
public record InferenceGuardSettings(
    Duration budget,
    int breakerWindow,
    int breakerMinimumCalls,
    float breakerFailureRatePercent,
    Duration breakerOpenFor,
    int breakerHalfOpenCalls,
    int maxConcurrentBatches) {

  public static final Duration DEFAULT_BUDGET = Duration.ofSeconds(2);
  public static final int DEFAULT_BREAKER_WINDOW = 20;
  public static final int DEFAULT_BREAKER_MINIMUM_CALLS = 5;
  public static final float DEFAULT_BREAKER_FAILURE_RATE_PERCENT = 50f;
  public static final Duration DEFAULT_BREAKER_OPEN_FOR = Duration.ofSeconds(5);
  public static final int DEFAULT_BREAKER_HALF_OPEN_CALLS = 2;
  public static final int DEFAULT_MAX_CONCURRENT_BATCHES = 2;

  public InferenceGuardSettings {
    requirePositive(budget, "budget");
    requirePositive(breakerOpenFor, "breakerOpenFor");
    if (breakerWindow < 1) {
      throw new IllegalArgumentException("breakerWindow must be >= 1, was " + breakerWindow);
    }
    if (breakerMinimumCalls < 1) {
      throw new IllegalArgumentException(
          "breakerMinimumCalls must be >= 1, was " + breakerMinimumCalls);
    }
    if (breakerFailureRatePercent <= 0 || breakerFailureRatePercent > 100) {
      throw new IllegalArgumentException(
          "breakerFailureRatePercent must be in (0, 100], was " + breakerFailureRatePercent);
    }
    if (breakerHalfOpenCalls < 1) {
      throw new IllegalArgumentException(
          "breakerHalfOpenCalls must be >= 1, was " + breakerHalfOpenCalls);
    }
    if (maxConcurrentBatches < 1) {
      throw new IllegalArgumentException(
          "maxConcurrentBatches must be >= 1, was " + maxConcurrentBatches);
    }
  }

  /** The documented defaults. */
  public static InferenceGuardSettings defaults() {
    return new InferenceGuardSettings(
        DEFAULT_BUDGET,
        DEFAULT_BREAKER_WINDOW,
        DEFAULT_BREAKER_MINIMUM_CALLS,
        DEFAULT_BREAKER_FAILURE_RATE_PERCENT,
        DEFAULT_BREAKER_OPEN_FOR,
        DEFAULT_BREAKER_HALF_OPEN_CALLS,
        DEFAULT_MAX_CONCURRENT_BATCHES);
  }

  /** These settings with another time budget. */
  public InferenceGuardSettings withBudget(Duration newBudget) {
    return new InferenceGuardSettings(
        newBudget,
        breakerWindow,
        breakerMinimumCalls,
        breakerFailureRatePercent,
        breakerOpenFor,
        breakerHalfOpenCalls,
        maxConcurrentBatches);
  }

  private static void requirePositive(Duration d, String name) {
    if (d == null || d.isZero() || d.isNegative()) {
      throw new IllegalArgumentException(name + " must be a positive duration, was " + d);
    }
  }
}
