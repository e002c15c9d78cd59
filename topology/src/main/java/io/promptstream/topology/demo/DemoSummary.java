package io.promptstream.topology.demo;

import io.promptstream.events.DeadLetter;
import io.promptstream.events.OptimizedPrompt;
import java.io.PrintStream;
import java.util.Map;
import java.util.TreeMap;

/** Counts what the demo saw come out of the gateway, and prints the summary. */
public final class DemoSummary {

  private final Map<String, Long> outputsByStatus = new TreeMap<>();
  private final Map<String, Long> deadLettersByReason = new TreeMap<>();
  private long produced;

  public synchronized void recordProduced() {
    produced++;
  }

  public synchronized void recordOutput(OptimizedPrompt prompt) {
    outputsByStatus.merge(prompt.getStatus().name(), 1L, Long::sum);
  }

  public synchronized void recordDeadLetter(DeadLetter deadLetter) {
    deadLettersByReason.merge(deadLetter.getErrorCode().name(), 1L, Long::sum);
  }

  public synchronized long produced() {
    return produced;
  }

  /** Outputs plus dead letters: every produced prompt must come back as exactly one of them. */
  public synchronized long accountedFor() {
    return total(outputsByStatus) + total(deadLettersByReason);
  }

  public synchronized void print(PrintStream out, long elapsedMillis) {
    out.println();
    out.println("== promptstream demo summary ==");
    out.printf("prompts produced   %d%n", produced);
    out.printf("outputs            %d %s%n", total(outputsByStatus), outputsByStatus);
    out.printf("dead letters       %d %s%n", total(deadLettersByReason), deadLettersByReason);
    out.printf(
        "accounted for      %d of %d (%s)%n",
        accountedFor(), produced, accountedFor() == produced ? "every prompt" : "MISSING SOME");
    out.printf(
        "elapsed            %.1f s (%.0f prompts/s)%n",
        elapsedMillis / 1000.0, produced * 1000.0 / Math.max(1, elapsedMillis));
  }

  private static long total(Map<String, Long> counts) {
    return counts.values().stream().mapToLong(Long::longValue).sum();
  }
}
