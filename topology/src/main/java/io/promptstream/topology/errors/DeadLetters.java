package io.promptstream.topology.errors;

import io.promptstream.events.DeadLetter;
import io.promptstream.events.DeadLetterReason;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/** Builds dead-letter records that keep the original bytes and say where they came from. */
public final class DeadLetters {

  private final String applicationId;
  private final Clock clock;

  public DeadLetters(String applicationId, Clock clock) {
    this.applicationId = applicationId;
    this.clock = clock;
  }

  /**
   * A dead letter for a consumed record.
   *
   * @param source the consumed record's topic, partition and offset, when known
   */
  public DeadLetter of(
      Optional<RecordMetadata> source,
      String key,
      byte[] value,
      DeadLetterReason reason,
      String message) {
    return DeadLetter.newBuilder()
        .setSourceTopic(source.map(RecordMetadata::topic).orElse(""))
        .setSourcePartition(source.map(RecordMetadata::partition).orElse(-1))
        .setSourceOffset(source.map(RecordMetadata::offset).orElse(-1L))
        .setKey(key == null ? null : ByteBuffer.wrap(key.getBytes(StandardCharsets.UTF_8)))
        .setValue(value == null ? null : ByteBuffer.wrap(value))
        .setErrorCode(reason)
        .setReason(message == null ? reason.name() : message)
        .setApplication(applicationId)
        .setFailedAt(clock.instant())
        .build();
  }
}
