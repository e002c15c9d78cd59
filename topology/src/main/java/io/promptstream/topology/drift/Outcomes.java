package io.promptstream.topology.drift;

/** Turns AlpacaEval preferences into outcomes for the optimized prompt. */
public final class Outcomes {

  private Outcomes() {}

  /**
   * The outcome of the optimized prompt's answer (output_2) for an AlpacaEval preference: 2
   * (output_2 better) is a win, 1 a loss, 1.5 a tie; values between are graded linearly.
   *
   * @throws IllegalArgumentException for a preference outside [1, 2]
   */
  public static double fromPreference(double preference) {
    if (!(preference >= 1 && preference <= 2)) {
      throw new IllegalArgumentException("preference must be in [1, 2], was " + preference);
    }
    return preference - 1;
  }

  static void check(double outcome) {
    if (!(outcome >= 0 && outcome <= 1)) {
      throw new IllegalArgumentException("outcome must be in [0, 1], was " + outcome);
    }
  }
}
