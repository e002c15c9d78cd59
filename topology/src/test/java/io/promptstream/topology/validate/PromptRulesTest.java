package io.promptstream.topology.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promptstream.events.DeadLetterReason;
import io.promptstream.events.PromptRequest;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PromptRulesTest {

  private final PromptRules rules = new PromptRules(20);

  @Test
  void shouldAcceptAPromptWithTextAndTarget() {
    assertThat(rules.check(prompt("req-1", "llama-3-8b", "Summarise this"))).isEmpty();
  }

  @Test
  void shouldRefuseAPromptWithoutTargetLlm() {
    assertThat(rules.check(prompt("req-1", null, "hi")).orElseThrow().reason())
        .isEqualTo(DeadLetterReason.MISSING_TARGET_LLM);
    assertThat(rules.check(prompt("req-1", "  ", "hi")).orElseThrow().reason())
        .isEqualTo(DeadLetterReason.MISSING_TARGET_LLM);
  }

  @Test
  void shouldRefuseEmptyAndBlankText() {
    assertThat(rules.check(prompt("req-1", "gpt", "")).orElseThrow().reason())
        .isEqualTo(DeadLetterReason.EMPTY_TEXT);
    assertThat(rules.check(prompt("req-1", "gpt", " \n\t")).orElseThrow().reason())
        .isEqualTo(DeadLetterReason.EMPTY_TEXT);
  }

  @Test
  void shouldRefuseTextOverTheLimitAndSayByHowMuch() {
    assertThat(rules.check(prompt("req-1", "gpt", "x".repeat(20)))).isEmpty();
    PromptRules.Violation violation =
        rules.check(prompt("req-1", "gpt", "x".repeat(21))).orElseThrow();
    assertThat(violation.reason()).isEqualTo(DeadLetterReason.OVERSIZED_TEXT);
    assertThat(violation.message()).contains("21 characters").contains("prompt.max.chars=20");
  }

  @Test
  void shouldRefuseAnEmptyRequestId() {
    assertThat(rules.check(prompt("", "gpt", "hi")).orElseThrow().reason())
        .isEqualTo(DeadLetterReason.MISSING_FIELD);
  }

  @Test
  void shouldRejectANonPositiveLimit() {
    assertThatThrownBy(() -> new PromptRules(0)).hasMessageContaining("maxChars");
  }

  private static PromptRequest prompt(String id, String target, String text) {
    return PromptRequest.newBuilder()
        .setRequestId(id)
        .setConversationId("conv-1")
        .setUserId("user-1")
        .setTargetLlm(target)
        .setText(text)
        .setCreatedAt(Instant.EPOCH)
        .build();
  }
}
