package io.promptstream.topology.feedback;

import java.time.Duration;

/**
 * How a target's active head is watched for a fall of its win rate.
 *
 * @param warmup judgments of a new head that measure its baseline win rate (default 50)
 * @param slack CUSUM slack: a fall below the baseline tolerated (default 0.05)
 * @param threshold CUSUM threshold (default 10)
 * @param episodeTimeout how long a drift episode waits for a canary before the head is watched
 *     again (default 30 minutes; a canary being judged holds it open until its verdict): a retrain
 *     that fails, has too few examples or finds no better head must not silence the detector for
 *     good. The next episode's request carries the examples since the first one's change point.
 */
public record DriftWatchSettings(
    int warmup, double slack, double threshold, Duration episodeTimeout) {

  public DriftWatchSettings {
    if (warmup < 1) {
      throw new IllegalArgumentException("warmup must be >= 1, was " + warmup);
    }
    if (!(slack >= 0)) {
      throw new IllegalArgumentException("slack must be >= 0, was " + slack);
    }
    if (!(threshold > 0)) {
      throw new IllegalArgumentException("threshold must be > 0, was " + threshold);
    }
    if (episodeTimeout.isNegative() || episodeTimeout.isZero()) {
      throw new IllegalArgumentException("episodeTimeout must be positive, was " + episodeTimeout);
    }
  }

  public static DriftWatchSettings defaults() {
    return new DriftWatchSettings(50, 0.05, 10, Duration.ofMinutes(30));
  }
}
