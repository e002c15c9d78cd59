package io.promptstream.topology.bench;

import java.util.Arrays;

/** Collects end-to-end latencies and reports percentiles. Not thread-safe. */
final class LatencyRecorder {

  private long[] samples = new long[1024];
  private int count;

  void record(long millis) {
    if (count == samples.length) {
      samples = Arrays.copyOf(samples, count * 2);
    }
    samples[count++] = millis;
  }

  int count() {
    return count;
  }

  /** The {@code q}-quantile (0..1) of the recorded latencies, in ms; NaN when empty. */
  double quantile(double q) {
    if (count == 0) {
      return Double.NaN;
    }
    long[] sorted = Arrays.copyOf(samples, count);
    Arrays.sort(sorted);
    int index = (int) Math.min(count - 1, Math.max(0, Math.ceil(q * count) - 1));
    return sorted[index];
  }
}
