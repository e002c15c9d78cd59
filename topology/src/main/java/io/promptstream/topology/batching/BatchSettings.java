package io.promptstream.topology.batching;

import java.time.Duration;

/**
 * When a micro-batch is flushed to the model.
 *
 * @param maxSize flush as soon as this many prompts wait for the model (default 16)
 * @param maxWait flush when the oldest waiting prompt has waited this long (default 50 ms)
 * @param checkInterval how often the wall-clock punctuator looks at the oldest prompt (default 10
 *     ms); bounds how far past {@code maxWait} a prompt may wait
 */
public record BatchSettings(int maxSize, Duration maxWait, Duration checkInterval) {

  public static final int DEFAULT_MAX_SIZE = 16;
  public static final Duration DEFAULT_MAX_WAIT = Duration.ofMillis(50);
  public static final Duration DEFAULT_CHECK_INTERVAL = Duration.ofMillis(10);

  public BatchSettings {
    if (maxSize < 1) {
      throw new IllegalArgumentException("maxSize must be >= 1, was " + maxSize);
    }
    if (maxWait == null || maxWait.isNegative()) {
      throw new IllegalArgumentException("maxWait must be >= 0, was " + maxWait);
    }
    if (checkInterval == null || checkInterval.isZero() || checkInterval.isNegative()) {
      throw new IllegalArgumentException("checkInterval must be > 0, was " + checkInterval);
    }
  }

  public static BatchSettings defaults() {
    return new BatchSettings(DEFAULT_MAX_SIZE, DEFAULT_MAX_WAIT, DEFAULT_CHECK_INTERVAL);
  }
}
