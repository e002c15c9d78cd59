package io.promptstream.topology.guard;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IntentGuardTest {

  private final IntentGuard guard = new IntentGuard(IntentGuard.Rules.defaults());

  @Test
  void shouldAcceptARewriteThatKeepsNumbersAndNames() {
    assertThat(
            guard.violation(
                "Write a 500-word essay on Paris for my class at MIT",
                "As a historian, write a 500-word essay on Paris for a class at MIT, with sources."))
        .isEmpty();
  }

  @Test
  void shouldRefuseARewriteThatDropsANumber() {
    assertThat(guard.violation("Summarise this in 3 bullet points", "Summarise this briefly."))
        .contains("rewrite drops the number 3");
  }

  @Test
  void shouldRefuseARewriteThatDropsANamedEntity() {
    assertThat(guard.violation("Plan a trip to Lisbon in May", "Plan a trip in spring."))
        .hasValueSatisfying(v -> assertThat(v).contains("Lisbon"));
  }

  @Test
  void shouldNotTreatTheFirstWordOfASentenceAsAName() {
    assertThat(IntentGuard.namedEntities("Explain recursion. Then give an example.")).isEmpty();
    assertThat(IntentGuard.namedEntities("I need help with SQL joins in Postgres"))
        .containsExactly("SQL", "Postgres");
  }

  @Test
  void shouldRefuseEmptyAndDegenerateRewrites() {
    assertThat(guard.violation("Explain DNS", "  ")).contains("rewrite is empty");
    assertThat(
            guard.violation(
                "Explain DNS",
                "Explain DNS to me and to me and to me and to me and to me and to me"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("rewrite is degenerate"));
  }

  @Test
  void shouldSkipChecksTheRulesTurnOff() {
    IntentGuard lenient = new IntentGuard(new IntentGuard.Rules(false, false, true, 3));
    assertThat(lenient.violation("Plan 3 days in Lisbon", "Plan a short trip.")).isEmpty();
  }
}
