package io.promptstream.topology.drift;

import java.util.Locale;

/**
 * The Page-Hinkley test for a fall of the mean, needing no baseline: it compares each outcome to
 * the running mean, {@code m = sum(mean - x - delta)}, and signals drift when {@code m} rises more
 * than {@code lambda} above its minimum. After {@code minObservations} outcomes only, so the
 * running mean has settled.
 */
public final class PageHinkleyDetector implements DriftDetector {

  private final double delta;
  private final double lambda;
  private final long minObservations;
  private double mean;
  private double cumulative;
  private double minimum;
  private long observations;

  /**
   * @param delta the change magnitude tolerated (e.g. 0.05)
   * @param lambda evidence needed to signal drift (e.g. 10)
   * @param minObservations outcomes before drift may be signalled (e.g. 30)
   */
  public PageHinkleyDetector(double delta, double lambda, long minObservations) {
    if (!(delta >= 0)) {
      throw new IllegalArgumentException("delta must be >= 0, was " + delta);
    }
    if (!(lambda > 0)) {
      throw new IllegalArgumentException("lambda must be > 0, was " + lambda);
    }
    if (minObservations < 1) {
      throw new IllegalArgumentException("minObservations must be >= 1, was " + minObservations);
    }
    this.delta = delta;
    this.lambda = lambda;
    this.minObservations = minObservations;
  }

  @Override
  public boolean update(double outcome) {
    Outcomes.check(outcome);
    observations++;
    mean += (outcome - mean) / observations;
    cumulative += mean - outcome - delta;
    minimum = Math.min(minimum, cumulative);
    return observations >= minObservations && statistic() > lambda;
  }

  @Override
  public double statistic() {
    return cumulative - minimum;
  }

  @Override
  public double threshold() {
    return lambda;
  }

  @Override
  public long observations() {
    return observations;
  }

  @Override
  public void reset() {
    mean = 0;
    cumulative = 0;
    minimum = 0;
    observations = 0;
  }

  @Override
  public String describe() {
    return String.format(
        Locale.ROOT, "page-hinkley(delta=%.3f,lambda=%.1f,min=%d)", delta, lambda, minObservations);
  }
}
