package io.promptstream.schemas.serde;

import java.util.Objects;

/**
 * Confluent's default subject naming: a topic's values are registered under {@code <topic>-value}
 * and its keys under {@code <topic>-key}, so each topic evolves its own schema.
 */
public final class TopicNameStrategy {
  private TopicNameStrategy() {}

  /** {@code <topic>-key} if {@code isKey}, else {@code <topic>-value}. */
  public static String subject(String topic, boolean isKey) {
    Objects.requireNonNull(topic, "topic");
    return topic + (isKey ? "-key" : "-value");
  }
}
