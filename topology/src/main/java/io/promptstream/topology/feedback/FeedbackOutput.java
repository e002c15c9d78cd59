package io.promptstream.topology.feedback;

import io.promptstream.events.DeadLetter;
import io.promptstream.events.JudgedOutcome;

/** What joining a judgment produces: the joined outcome, or a dead letter saying why not. */
public sealed interface FeedbackOutput {

  record Dead(DeadLetter deadLetter) implements FeedbackOutput {}

  record Joined(JudgedOutcome outcome) implements FeedbackOutput {}
}
