package io.promptstream.topology.feedback;

import java.util.List;

/**
 * AlpacaEval's length-controlled win rate, for the optimized prompt's answers against the user
 * prompt's. A logistic model of the preference, {@code P(win) = sigmoid(theta + phi *
 * tanh(lengthDiff / std(lengthDiff)))}, is fitted by maximum likelihood (ties count as half a win);
 * the length-controlled win rate is its prediction with the length term set to zero, {@code
 * sigmoid(theta)}: how often the optimized prompt would win were its answers as long as the others.
 *
 * <p>AlpacaEval's model also has an instruction-difficulty term, estimated from many models'
 * answers to a fixed instruction set; a gateway sees each instruction about once, so that term is
 * left out here.
 */
public final class LengthControlledWinRate {

  /** One judgment: the outcome in [0, 1] and len(output_2) - len(output_1). */
  public record Observation(double outcome, double lengthDiff) {}

  /** The fitted model and the two win rates. */
  public record Fit(double theta, double phi, double winRate, double lengthControlledWinRate) {}

  private static final int MAX_ITERATIONS = 100;
  private static final double TOLERANCE = 1e-10;

  /** A whisper of ridge regularisation keeps separable data (all wins) finite. */
  private static final double RIDGE = 1e-6;

  private LengthControlledWinRate() {}

  /**
   * Fits the model by Newton's method.
   *
   * @throws IllegalArgumentException when there are no observations
   */
  public static Fit fit(List<Observation> observations) {
    int n = observations.size();
    if (n == 0) {
      throw new IllegalArgumentException("observations must not be empty");
    }
    double mean = 0;
    for (Observation o : observations) {
      mean += o.lengthDiff();
    }
    mean /= n;
    double variance = 0;
    for (Observation o : observations) {
      variance += (o.lengthDiff() - mean) * (o.lengthDiff() - mean);
    }
    double std = Math.sqrt(variance / n);
    double[] x = new double[n];
    double[] y = new double[n];
    double wins = 0;
    for (int i = 0; i < n; i++) {
      // Scaled, not centred: a zero length difference must mean "equal length".
      x[i] = std > 0 ? Math.tanh(observations.get(i).lengthDiff() / std) : 0;
      y[i] = observations.get(i).outcome();
      wins += y[i];
    }
    double theta = 0;
    double phi = 0;
    for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
      double g0 = -RIDGE * theta;
      double g1 = -RIDGE * phi;
      double h00 = RIDGE;
      double h01 = 0;
      double h11 = RIDGE;
      for (int i = 0; i < n; i++) {
        double p = sigmoid(theta + phi * x[i]);
        double w = p * (1 - p);
        g0 += y[i] - p;
        g1 += (y[i] - p) * x[i];
        h00 += w;
        h01 += w * x[i];
        h11 += w * x[i] * x[i];
      }
      double det = h00 * h11 - h01 * h01;
      double step0 = (h11 * g0 - h01 * g1) / det;
      double step1 = (h00 * g1 - h01 * g0) / det;
      theta += step0;
      phi += step1;
      if (Math.abs(step0) + Math.abs(step1) < TOLERANCE) {
        break;
      }
    }
    return new Fit(theta, phi, wins / n, sigmoid(theta));
  }

  private static double sigmoid(double z) {
    return 1 / (1 + Math.exp(-z));
  }
}
