package io.promptstream.topology.demo;

import io.promptstream.events.Arm;
import io.promptstream.events.DeadLetter;
import io.promptstream.events.OptimizedPrompt;
import io.promptstream.events.PromptStatus;
import java.io.PrintStream;

/** Prints the gateway's outputs one line each, as they arrive. */
final class OutputPrinter {

  private static final int TEXT_WIDTH = 90;

  private final PrintStream out;

  OutputPrinter(PrintStream out) {
    this.out = out;
  }

  void output(OptimizedPrompt prompt) {
    boolean wentThroughModel = prompt.getHeadVersion() != null;
    out.printf(
        "%-12s %-13s %-8s %s%n",
        prompt.getStatus(),
        prompt.getTargetLlm(),
        prompt.getConversationId(),
        abbreviate(wentThroughModel ? prompt.getOriginalText() : prompt.getSentText()));
    if (prompt.getStatus() == PromptStatus.REWRITTEN) {
      out.printf(
          "%-12s %-13s %-8s %s%n",
          "  -> sent",
          "head " + prompt.getHeadVersion(),
          prompt.getArm() == Arm.TREATMENT ? "treat." : "",
          abbreviate(prompt.getSentText()));
    } else if (prompt.getReason() != null) {
      out.printf("%-12s %-13s %-8s %s%n", "  -> as is", "", "", prompt.getReason());
    }
  }

  void deadLetter(DeadLetter deadLetter) {
    out.printf(
        "%-12s %-13s %-8s %s%n",
        "DEAD-LETTER",
        deadLetter.getErrorCode(),
        "p" + deadLetter.getSourcePartition() + "@" + deadLetter.getSourceOffset(),
        deadLetter.getReason());
  }

  private static String abbreviate(String text) {
    String oneLine = text.replace('\n', ' ');
    return oneLine.length() <= TEXT_WIDTH ? oneLine : oneLine.substring(0, TEXT_WIDTH - 1) + "…";
  }
}
