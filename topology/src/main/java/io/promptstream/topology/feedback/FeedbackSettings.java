package io.promptstream.topology.feedback;

import java.time.Duration;

/**
 * How judgments are joined, aggregated and watched for drift.
 *
 * @param ledgerRetention how long a rewrite can still be judged; later judgments are dead-lettered
 *     as UNKNOWN_REQUEST (default 7 days)
 * @param window length of the tumbling win-rate windows (default 1 hour)
 * @param driftWarmup judgments of a new head that measure its baseline win rate (default 50)
 * @param driftSlack CUSUM slack: a fall below the baseline tolerated (default 0.05)
 * @param driftThreshold CUSUM threshold (default 10)
 */
public record FeedbackSettings(
    Duration ledgerRetention,
    Duration window,
    int driftWarmup,
    double driftSlack,
    double driftThreshold) {

  public FeedbackSettings {
    if (ledgerRetention.isNegative() || ledgerRetention.isZero()) {
      throw new IllegalArgumentException(
          "ledgerRetention must be positive, was " + ledgerRetention);
    }
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("window must be positive, was " + window);
    }
    if (driftWarmup < 1) {
      throw new IllegalArgumentException("driftWarmup must be >= 1, was " + driftWarmup);
    }
  }

  public static FeedbackSettings defaults() {
    return new FeedbackSettings(Duration.ofDays(7), Duration.ofHours(1), 50, 0.05, 10);
  }
}
