package io.promptstream.topology.metrics;

import org.apache.commons.statistics.distribution.ChiSquaredDistribution;

/**
 * The sample-ratio-mismatch check of an A/B experiment: how likely the observed split between arms
 * is if users really were assigned at the configured share. A tiny p-value (say below 0.001) means
 * the assignment or the logging is broken and the experiment's results cannot be trusted.
 */
public final class SampleRatioMismatch {

  private static final ChiSquaredDistribution ONE_DEGREE = ChiSquaredDistribution.of(1);

  private SampleRatioMismatch() {}

  /**
   * Pearson's chi-squared test with one degree of freedom.
   *
   * @param treatmentShare the configured share of the TREATMENT arm, strictly between 0 and 1
   * @return the p-value; 1 when there are no observations or the share is 0 or 1
   */
  public static double pValue(long control, long treatment, double treatmentShare) {
    long total = control + treatment;
    if (total == 0 || treatmentShare <= 0 || treatmentShare >= 1) {
      return 1.0;
    }
    double expectedTreatment = total * treatmentShare;
    double expectedControl = total - expectedTreatment;
    double chiSquared =
        square(treatment - expectedTreatment) / expectedTreatment
            + square(control - expectedControl) / expectedControl;
    return ONE_DEGREE.survivalProbability(chiSquared);
  }

  private static double square(double x) {
    return x * x;
  }
}
