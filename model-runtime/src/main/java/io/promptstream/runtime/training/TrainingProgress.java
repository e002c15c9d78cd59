package io.promptstream.runtime.training;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;

/**
 * A progress line for a training loop: a bar, step, loss (smoothed), learning rate, tokens per
 * second and the estimated time left. Lines go out at most once per interval (and always for the
 * first and last step), one per line, so logs stay readable when output is redirected.
 */
public final class TrainingProgress {

  private static final int BAR_WIDTH = 24;

  private final PrintStream out;
  private final String label;
  private final int totalSteps;
  private final Clock clock;
  private final long intervalMillis;
  private final long startMillis;
  private long lastPrintMillis = Long.MIN_VALUE;
  private long tokens;
  private double smoothedLoss = Double.NaN;

  /**
   * Starts the clock.
   *
   * @param out where lines go
   * @param label the loop's name, printed first
   * @param totalSteps steps of the whole loop
   * @param clock the time source
   * @param interval least time between two lines
   */
  public TrainingProgress(
      PrintStream out, String label, int totalSteps, Clock clock, Duration interval) {
    this.out = out;
    this.label = label;
    this.totalSteps = totalSteps;
    this.clock = clock;
    this.intervalMillis = interval.toMillis();
    this.startMillis = clock.millis();
  }

  /**
   * Records a finished step and prints a line when due.
   *
   * @param step the step just finished (0-based)
   * @param epochLabel e.g. "epoch 2/8"
   * @param loss the step's loss
   * @param learningRate the step's learning rate
   * @param stepTokens tokens processed by the step
   */
  public void step(int step, String epochLabel, float loss, float learningRate, long stepTokens) {
    tokens += stepTokens;
    smoothedLoss = Double.isNaN(smoothedLoss) ? loss : 0.9 * smoothedLoss + 0.1 * loss;
    long now = clock.millis();
    boolean last = step + 1 >= totalSteps;
    if (step == 0 || last || now - lastPrintMillis >= intervalMillis) {
      lastPrintMillis = now;
      out.println(line(step + 1, epochLabel, learningRate, now));
      out.flush();
    }
  }

  /** Prints a free-form line under the loop's label. */
  public void note(String message) {
    out.println(label + "  " + message);
    out.flush();
  }

  /** Wall time since the loop started. */
  public Duration elapsed() {
    return Duration.ofMillis(clock.millis() - startMillis);
  }

  /** Tokens per second so far. */
  public double tokensPerSecond() {
    long ms = Math.max(1, clock.millis() - startMillis);
    return tokens * 1000.0 / ms;
  }

  String line(int done, String epochLabel, float learningRate, long now) {
    long elapsed = Math.max(1, now - startMillis);
    double fraction = (double) done / totalSteps;
    int filled = (int) Math.round(fraction * BAR_WIDTH);
    String bar = "#".repeat(filled) + ".".repeat(BAR_WIDTH - filled);
    long etaMillis = (long) (elapsed / fraction - elapsed);
    return String.format(
        Locale.ROOT,
        "%s  [%s] %3d%%  step %d/%d  %s  loss %.4f  lr %.2e  %,.0f tok/s  elapsed %s  ETA %s",
        label,
        bar,
        (int) Math.floor(fraction * 100),
        done,
        totalSteps,
        epochLabel,
        smoothedLoss,
        learningRate,
        tokens * 1000.0 / elapsed,
        clockTime(elapsed),
        clockTime(etaMillis));
  }

  /** {@code m:ss} or {@code h:mm:ss}. */
  static String clockTime(long millis) {
    long s = Math.max(0, millis / 1000);
    return s >= 3600
        ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
        : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }
}
