package io.promptstream.topology.drift;

import java.util.Locale;

/**
 * One-sided CUSUM for a fall of the mean below a known baseline: {@code S = max(0, S + (baseline -
 * slack - x))}, drift when {@code S > threshold}. With the baseline measured at promotion, small
 * dips within the slack never accumulate; a sustained fall of {@code d > slack} is detected after
 * about {@code threshold / (d - slack)} outcomes.
 */
public final class CusumDetector implements DriftDetector {

  private final double baseline;
  private final double slack;
  private final double threshold;
  private double sum;
  private long observations;

  /**
   * @param baseline the win rate measured when the head was promoted, in [0, 1]
   * @param slack the fall tolerated without accumulating evidence (e.g. 0.05)
   * @param threshold evidence needed to signal drift (e.g. 8)
   */
  public CusumDetector(double baseline, double slack, double threshold) {
    if (!(baseline >= 0 && baseline <= 1)) {
      throw new IllegalArgumentException("baseline must be in [0, 1], was " + baseline);
    }
    if (!(slack >= 0)) {
      throw new IllegalArgumentException("slack must be >= 0, was " + slack);
    }
    if (!(threshold > 0)) {
      throw new IllegalArgumentException("threshold must be > 0, was " + threshold);
    }
    this.baseline = baseline;
    this.slack = slack;
    this.threshold = threshold;
  }

  @Override
  public boolean update(double outcome) {
    Outcomes.check(outcome);
    observations++;
    sum = Math.max(0, sum + (baseline - slack - outcome));
    return sum > threshold;
  }

  @Override
  public double statistic() {
    return sum;
  }

  @Override
  public double threshold() {
    return threshold;
  }

  @Override
  public long observations() {
    return observations;
  }

  @Override
  public void reset() {
    sum = 0;
    observations = 0;
  }

  @Override
  public String describe() {
    return String.format(
        Locale.ROOT, "cusum(baseline=%.3f,slack=%.3f,threshold=%.1f)", baseline, slack, threshold);
  }
}
