package io.promptstream.topology.feedback;

import io.promptstream.events.DeadLetterReason;
import io.promptstream.events.JudgedOutcome;
import io.promptstream.events.Judgment;
import io.promptstream.events.OptimizedPrompt;
import io.promptstream.events.PromptStatus;
import io.promptstream.schemas.serde.AvroDecodeException;
import io.promptstream.schemas.serde.UnknownSchemaIdException;
import io.promptstream.schemas.serde.WireFormatException;
import io.promptstream.topology.drift.Outcomes;
import io.promptstream.topology.errors.DeadLetters;
import java.time.Clock;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Joins each judgment to the output it judges (the ledger, partitioned like the judgments by
 * request id) and drops duplicates; forwards the joined outcome keyed by target LLM, so that one
 * task sees every judgment of a target.
 *
 * <p>Judgments that cannot be decoded, or whose request is unknown or past the ledger's retention,
 * are dead-lettered with the reason.
 */
public final class JudgmentProcessor implements Processor<String, byte[], String, FeedbackOutput> {

  public static final String JUDGED_STORE = "judged-requests-store";

  private final String ledgerStore;
  private final Deserializer<Judgment> deserializer;
  private final DeadLetters deadLetters;
  private final Clock clock;

  private ProcessorContext<String, FeedbackOutput> context;
  private KeyValueStore<String, OptimizedPrompt> ledger;
  private KeyValueStore<String, Long> judged;

  public JudgmentProcessor(
      String ledgerStore,
      Deserializer<Judgment> deserializer,
      DeadLetters deadLetters,
      Clock clock) {
    this.ledgerStore = ledgerStore;
    this.deserializer = deserializer;
    this.deadLetters = deadLetters;
    this.clock = clock;
  }

  @Override
  public void init(ProcessorContext<String, FeedbackOutput> context) {
    this.context = context;
    ledger = context.getStateStore(ledgerStore);
    judged = context.getStateStore(JUDGED_STORE);
  }

  @Override
  public void process(Record<String, byte[]> record) {
    Judgment judgment;
    try {
      judgment =
          record.value() == null
              ? null
              : deserializer.deserialize(
                  context.recordMetadata().map(m -> m.topic()).orElse(""), record.value());
    } catch (UnknownSchemaIdException e) {
      deadLetter(record, DeadLetterReason.UNKNOWN_SCHEMA, e.getMessage());
      return;
    } catch (WireFormatException | AvroDecodeException e) {
      deadLetter(record, DeadLetterReason.UNDECODABLE, e.getMessage());
      return;
    }
    if (judgment == null) {
      deadLetter(record, DeadLetterReason.UNDECODABLE, "value is null (tombstone)");
      return;
    }
    if (!(judgment.getPreference() >= 1 && judgment.getPreference() <= 2)) {
      deadLetter(
          record,
          DeadLetterReason.MISSING_FIELD,
          "preference must be in [1, 2], was " + judgment.getPreference());
      return;
    }
    String requestId = judgment.getRequestId();
    if (judged.get(requestId) != null) {
      return; // A duplicate: the first judgment of a request counts, once.
    }
    OptimizedPrompt rewrite = ledger.get(requestId);
    if (rewrite == null) {
      deadLetter(
          record,
          DeadLetterReason.UNKNOWN_REQUEST,
          "no output with request id " + requestId + " within the ledger's retention");
      return;
    }
    judged.put(requestId, clock.millis());
    JudgedOutcome joined =
        JudgedOutcome.newBuilder()
            .setRequestId(requestId)
            .setTargetLlm(rewrite.getTargetLlm())
            .setHeadVersion(rewrite.getHeadVersion() == null ? "none" : rewrite.getHeadVersion())
            .setArm(rewrite.getArm().name())
            .setRewritten(rewrite.getStatus() == PromptStatus.REWRITTEN)
            .setHeadTarget(
                rewrite.getHeadTarget() == null ? rewrite.getTargetLlm() : rewrite.getHeadTarget())
            .setHeadRole(role(rewrite))
            .setOriginalText(rewrite.getOriginalText())
            .setSentText(rewrite.getSentText())
            .setOutcome(Outcomes.fromPreference(judgment.getPreference()))
            .setLengthDiff(judgment.getOutput2().length() - judgment.getOutput1().length())
            .setJudgedAt(judgment.getJudgedAt())
            .build();
    context.forward(
        new Record<String, FeedbackOutput>(
            rewrite.getTargetLlm(), new FeedbackOutput.Joined(joined), record.timestamp()));
  }

  /** Which head wrote the judged prompt; outputs written before roles were recorded: ACTIVE. */
  private static String role(OptimizedPrompt rewrite) {
    if (rewrite.getStatus() != PromptStatus.REWRITTEN) {
      return "NONE";
    }
    return rewrite.getHeadRole() == null ? "ACTIVE" : rewrite.getHeadRole().name();
  }

  private void deadLetter(Record<String, byte[]> record, DeadLetterReason reason, String why) {
    context.forward(
        record.<FeedbackOutput>withValue(
            new FeedbackOutput.Dead(
                deadLetters.of(
                    context.recordMetadata(), record.key(), record.value(), reason, why))));
  }
}
