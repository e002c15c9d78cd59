package io.promptstream.runtime.bench;

import java.util.List;

/**
 * What {@link ModelBenchmark} measured.
 *
 * @param machine where it ran (CPU count, architecture, device, engine)
 * @param peakGflops the best fp32 matrix-product rate measured through DJL on the device
 * @param points one entry per batch size
 * @param batchSpeedup tokens/s at batch 32 over batch 1 (single head); NaN if either is missing
 * @param mixedOverSingle mixed-head over single-head tokens/s at the largest batch
 * @param decodeMfu model FLOP utilisation of the decode loop at the largest batch
 */
public record BenchmarkReport(
    String machine,
    double peakGflops,
    List<Point> points,
    double batchSpeedup,
    double mixedOverSingle,
    double decodeMfu) {

  /** Goal for {@link #batchSpeedup()}. */
  public static final double GOAL_BATCH_SPEEDUP = 8.0;

  /** Goal for {@link #mixedOverSingle()}. */
  public static final double GOAL_MIXED_OVER_SINGLE = 0.9;

  /** Goal for {@link #decodeMfu()}. */
  public static final double GOAL_DECODE_MFU = 0.5;

  /**
   * Measurements at one batch size.
   *
   * @param batch rows per call
   * @param singlePromptsPerSecond prompts/s, all rows on one head
   * @param singleTokensPerSecond generated tokens/s, all rows on one head
   * @param mixedPromptsPerSecond prompts/s, rows spread over several heads
   * @param mixedTokensPerSecond generated tokens/s, rows spread over several heads
   * @param decodeGflops achieved model GFLOP/s of the decode steps (prefill excluded)
   * @param decodeMfu {@code decodeGflops} over the measured peak
   */
  public record Point(
      int batch,
      double singlePromptsPerSecond,
      double singleTokensPerSecond,
      double mixedPromptsPerSecond,
      double mixedTokensPerSecond,
      double decodeGflops,
      double decodeMfu) {}
}
