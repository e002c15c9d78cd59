package io.promptstream.topology.feedback;

import io.promptstream.events.CanaryVerdict;
import io.promptstream.events.RetrainRequest;

/** What the outcome aggregator asks of the rest of the loop: retrain a head, or settle a canary. */
public sealed interface LoopSignal {

  record Retrain(RetrainRequest request) implements LoopSignal {}

  record Verdict(CanaryVerdict verdict) implements LoopSignal {}
}
