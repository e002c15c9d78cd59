package io.promptstream.topology.drift;

/**
 * Watches a stream of judged outcomes of one head (1 = the optimized prompt's answer won, 0 = it
 * lost, 0.5 = tie) for a fall below the level measured when the head was promoted.
 */
public interface DriftDetector {

  /**
   * Adds one outcome.
   *
   * @param outcome in [0, 1]
   * @return true when this outcome makes the detector signal drift
   */
  boolean update(double outcome);

  /** The detector's statistic now; drift is signalled when it exceeds {@link #threshold()}. */
  double statistic();

  double threshold();

  /** Outcomes seen since the last reset. */
  long observations();

  /** Forgets everything: used after a retrained head is promoted. */
  void reset();

  /** Name and settings, e.g. {@code cusum(baseline=0.70,slack=0.05,threshold=8)}. */
  String describe();
}
