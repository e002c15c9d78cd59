package io.promptstream.topology.validate;

import io.promptstream.events.DeadLetterReason;
import io.promptstream.events.PromptRequest;
import io.promptstream.schemas.serde.AvroDecodeException;
import io.promptstream.schemas.serde.UnknownSchemaIdException;
import io.promptstream.schemas.serde.WireFormatException;
import io.promptstream.topology.errors.DeadLetters;
import java.util.Optional;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Decodes raw prompt bytes and checks them against {@link PromptRules}. Every input record is
 * forwarded exactly once, as {@link ValidatedPrompt.Valid} or {@link ValidatedPrompt.Invalid}.
 *
 * <p>Bad bytes (no Confluent framing, an id the registry does not know, an undecodable Avro body)
 * become dead letters. A registry that cannot be reached is not the record's fault: that error is
 * rethrown so the stream thread is replaced and the record retried, rather than dead-lettering good
 * prompts during an outage.
 */
public final class PromptValidationProcessor
    implements FixedKeyProcessor<String, byte[], ValidatedPrompt> {

  private final Deserializer<PromptRequest> deserializer;
  private final PromptRules rules;
  private final DeadLetters deadLetters;
  private FixedKeyProcessorContext<String, ValidatedPrompt> context;

  public PromptValidationProcessor(
      Deserializer<PromptRequest> deserializer, PromptRules rules, DeadLetters deadLetters) {
    this.deserializer = deserializer;
    this.rules = rules;
    this.deadLetters = deadLetters;
  }

  @Override
  public void init(FixedKeyProcessorContext<String, ValidatedPrompt> context) {
    this.context = context;
  }

  @Override
  public void process(FixedKeyRecord<String, byte[]> record) {
    context.forward(record.withValue(validate(record)));
  }

  private ValidatedPrompt validate(FixedKeyRecord<String, byte[]> record) {
    byte[] bytes = record.value();
    if (bytes == null) {
      return invalid(record, DeadLetterReason.UNDECODABLE, "value is null (tombstone)");
    }
    String topic = context.recordMetadata().map(m -> m.topic()).orElse("");
    PromptRequest prompt;
    try {
      prompt = deserializer.deserialize(topic, bytes);
    } catch (UnknownSchemaIdException e) {
      return invalid(record, DeadLetterReason.UNKNOWN_SCHEMA, e.getMessage());
    } catch (WireFormatException | AvroDecodeException e) {
      return invalid(record, DeadLetterReason.UNDECODABLE, e.getMessage());
    }
    Optional<PromptRules.Violation> violation = rules.check(prompt);
    if (violation.isPresent()) {
      return invalid(record, violation.get().reason(), violation.get().message());
    }
    return new ValidatedPrompt.Valid(prompt);
  }

  private ValidatedPrompt invalid(
      FixedKeyRecord<String, byte[]> record, DeadLetterReason reason, String message) {
    return new ValidatedPrompt.Invalid(
        deadLetters.of(context.recordMetadata(), record.key(), record.value(), reason, message));
  }
}
