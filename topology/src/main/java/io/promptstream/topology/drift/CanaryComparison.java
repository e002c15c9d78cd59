package io.promptstream.topology.drift;

import java.util.Locale;
import org.apache.commons.statistics.distribution.NormalDistribution;

/**
 * Decides whether a canary head beat the active head, from their judged outcomes over the same
 * period: a one-sided two-sample z-test on the mean outcome (ties count one half), taken once, when
 * both sides first reach {@code judgments}. Looking once at a fixed horizon keeps the chance of
 * promoting a candidate that is no better at {@code alpha}; repeated looks would inflate it.
 *
 * @param judgments judgments each side needs before the test is taken
 * @param alpha the accepted chance of a false promotion
 */
public record CanaryComparison(long judgments, double alpha) {

  private static final NormalDistribution STANDARD_NORMAL = NormalDistribution.of(0, 1);

  public CanaryComparison {
    if (judgments < 2) {
      throw new IllegalArgumentException("judgments must be >= 2, was " + judgments);
    }
    if (!(alpha > 0 && alpha < 0.5)) {
      throw new IllegalArgumentException("alpha must be in (0, 0.5), was " + alpha);
    }
  }

  /** Outcomes of one side: count, sum and sum of squares. */
  public record Side(long n, double sum, double squares) {
    double mean() {
      return sum / n;
    }

    /** Unbiased sample variance, floored so that an all-wins side still has some spread. */
    double variance() {
      double v = (squares - sum * sum / n) / (n - 1);
      return Math.max(v, 0.25 / n);
    }
  }

  /** The test's result: the z statistic, its one-sided p-value, and whether to promote. */
  public record Result(double statistic, double pValue, boolean promote) {}

  /** True once both sides have enough judgments for the test. */
  public boolean ready(Side candidate, Side active) {
    return candidate.n() >= judgments && active.n() >= judgments;
  }

  /** Tests "the candidate's mean outcome exceeds the active head's". */
  public Result test(Side candidate, Side active) {
    if (!ready(candidate, active)) {
      throw new IllegalStateException("both sides need " + judgments + " judgments");
    }
    double se = Math.sqrt(candidate.variance() / candidate.n() + active.variance() / active.n());
    double z = (candidate.mean() - active.mean()) / se;
    double p = STANDARD_NORMAL.survivalProbability(z);
    return new Result(z, p, p < alpha);
  }

  /** Name and settings, recorded on every verdict. */
  public String describe() {
    return String.format(
        Locale.ROOT, "one-sided two-sample z-test(alpha=%s, n=%d)", alpha, judgments);
  }
}
