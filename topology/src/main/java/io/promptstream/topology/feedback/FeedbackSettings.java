package io.promptstream.topology.feedback;

import io.promptstream.topology.drift.CanaryComparison;
import java.time.Duration;

/**
 * How judgments are joined, aggregated, watched for drift, and how canaries are decided.
 *
 * @param ledgerRetention how long a rewrite can still be judged; later judgments are dead-lettered
 *     as UNKNOWN_REQUEST (default 7 days)
 * @param window length of the tumbling win-rate windows (default 1 hour)
 * @param drift how active heads are watched for drift ({@link DriftWatchSettings#defaults()})
 * @param exampleCapacity judged rewrites kept per target for retraining (default 1024)
 * @param exampleMaxBytes bound on the example text one retrain request carries (default 512 KiB,
 *     well under Kafka's default 1 MiB record limit)
 * @param canary the test that promotes or rolls back a canary (default: 200 judgments per side,
 *     alpha 0.05)
 */
public record FeedbackSettings(
    Duration ledgerRetention,
    Duration window,
    DriftWatchSettings drift,
    int exampleCapacity,
    int exampleMaxBytes,
    CanaryComparison canary) {

  public FeedbackSettings {
    if (ledgerRetention.isNegative() || ledgerRetention.isZero()) {
      throw new IllegalArgumentException(
          "ledgerRetention must be positive, was " + ledgerRetention);
    }
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("window must be positive, was " + window);
    }
    if (exampleCapacity < 1) {
      throw new IllegalArgumentException("exampleCapacity must be >= 1, was " + exampleCapacity);
    }
    if (exampleMaxBytes < 1) {
      throw new IllegalArgumentException("exampleMaxBytes must be >= 1, was " + exampleMaxBytes);
    }
  }

  public static FeedbackSettings defaults() {
    return new FeedbackSettings(
        Duration.ofDays(7),
        Duration.ofHours(1),
        DriftWatchSettings.defaults(),
        1024,
        512 * 1024,
        new CanaryComparison(200, 0.05));
  }

  /** These settings with other drift detection settings. */
  public FeedbackSettings withDrift(DriftWatchSettings drift) {
    return new FeedbackSettings(
        ledgerRetention, window, drift, exampleCapacity, exampleMaxBytes, canary);
  }

  /** These settings with another canary test. */
  public FeedbackSettings withCanary(CanaryComparison canary) {
    return new FeedbackSettings(
        ledgerRetention, window, drift, exampleCapacity, exampleMaxBytes, canary);
  }
}
