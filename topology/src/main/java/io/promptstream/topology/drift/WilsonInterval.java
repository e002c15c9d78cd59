package io.promptstream.topology.drift;

/**
 * The Wilson score interval of a win rate: unlike the normal approximation it stays inside [0, 1]
 * and behaves with few judgments or rates near 0 or 1.
 */
public record WilsonInterval(double rate, double lower, double upper) {

  /** z for a two-sided 95% interval. */
  public static final double Z95 = 1.959963984540054;

  /**
   * @param wins wins, ties counted as half a win
   * @param n judgments
   */
  public static WilsonInterval of(double wins, long n, double z) {
    if (n <= 0) {
      return new WilsonInterval(Double.NaN, 0, 1);
    }
    if (wins < 0 || wins > n) {
      throw new IllegalArgumentException("wins must be in [0, " + n + "], was " + wins);
    }
    double p = wins / n;
    double z2 = z * z;
    double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
    double half = z * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / (1 + z2 / n);
    return new WilsonInterval(p, Math.max(0, centre - half), Math.min(1, centre + half));
  }
}
