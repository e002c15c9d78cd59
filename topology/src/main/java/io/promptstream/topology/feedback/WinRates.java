package io.promptstream.topology.feedback;

import io.promptstream.events.WinRateAggregate;
import java.time.Instant;

/** Keys and updates of the win-rate store. */
public final class WinRates {

  private static final String SEP = "|";

  private WinRates() {}

  /** Key of the all-time aggregate of a target x head version x arm. */
  public static String allTimeKey(String target, String version, String arm) {
    return target + SEP + version + SEP + arm;
  }

  /** Key of one tumbling window's aggregate. */
  public static String windowKey(String target, String version, String arm, long windowStart) {
    return allTimeKey(target, version, arm) + SEP + windowStart;
  }

  /** {@code current} plus one judgment; a fresh aggregate when {@code current} is null. */
  public static WinRateAggregate add(
      WinRateAggregate current,
      String target,
      String version,
      String arm,
      Instant windowStart,
      double outcome,
      double lengthDiff) {
    WinRateAggregate base =
        current != null
            ? current
            : WinRateAggregate.newBuilder()
                .setTargetLlm(target)
                .setHeadVersion(version)
                .setArm(arm)
                .setWindowStart(windowStart)
                .setJudgments(0)
                .setWins(0)
                .build();
    return WinRateAggregate.newBuilder(base)
        .setJudgments(base.getJudgments() + 1)
        .setWins(base.getWins() + outcome)
        .setLengthDiffSum(base.getLengthDiffSum() + lengthDiff)
        .setLengthDiffSquares(base.getLengthDiffSquares() + lengthDiff * lengthDiff)
        .build();
  }
}
