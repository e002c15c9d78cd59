package io.promptstream.topology.abtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.promptstream.events.Arm;
import io.promptstream.events.Experiment;
import io.promptstream.events.PromptRequest;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArmAssignerTest {

  private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

  private final ExperimentCatalog catalog = new ExperimentCatalog();
  private final ArmAssigner assigner = new ArmAssigner(catalog, 0.0);

  @Test
  void shouldRewriteEveryPromptWhenNoExperimentCoversItsTarget() {
    Assignment a = assigner.assign(prompt("user-1", "gemma-7b"), NOW);
    assertThat(a.arm()).isEqualTo(Arm.UNASSIGNED);
    assertThat(a.rewritten()).isTrue();
    assertThat(a.experiment()).isNull();
  }

  @Test
  void shouldSplitUsersAtTheConfiguredShareAndKeepEachUserInOneArm() {
    catalog.put(experiment("exp", List.of(), 0.3, null, null, 0));
    int treatment = 0;
    for (int u = 0; u < 10_000; u++) {
      Assignment first = assigner.assign(prompt("user-" + u, "gemma-7b"), NOW);
      Assignment again = assigner.assign(prompt("user-" + u, "llama-3-8b"), NOW.plusSeconds(60));
      assertThat(again.arm()).isEqualTo(first.arm());
      if (first.arm() == Arm.TREATMENT) {
        treatment++;
      }
    }
    assertThat(treatment / 10_000.0).isCloseTo(0.3, within(0.02));
  }

  @Test
  void shouldCoverOnlyItsTargetsAndOnlyWhileItRuns() {
    catalog.put(
        experiment("exp", List.of("gemma-7b"), 1.0, NOW.minusSeconds(10), NOW.plusSeconds(10), 0));
    assertThat(assigner.assign(prompt("u", "gemma-7b"), NOW).arm()).isEqualTo(Arm.TREATMENT);
    assertThat(assigner.assign(prompt("u", "llama-3-8b"), NOW).arm()).isEqualTo(Arm.UNASSIGNED);
    assertThat(assigner.assign(prompt("u", "gemma-7b"), NOW.plusSeconds(10)).arm())
        .isEqualTo(Arm.UNASSIGNED);
    assertThat(assigner.assign(prompt("u", "gemma-7b"), NOW.minusSeconds(11)).arm())
        .isEqualTo(Arm.UNASSIGNED);
  }

  @Test
  void shouldSendTheCanaryShareOfTreatmentToTheCandidateHead() {
    catalog.put(experiment("exp", List.of(), 1.0, null, null, 0.2));
    int canary = 0;
    for (int u = 0; u < 10_000; u++) {
      if (assigner.assign(prompt("user-" + u, "gemma-7b"), NOW).canary()) {
        canary++;
      }
    }
    assertThat(canary / 10_000.0).isCloseTo(0.2, within(0.02));
  }

  @Test
  void shouldRefuseAnExperimentWithAShareOutsideZeroToOne() {
    assertThatThrownBy(() -> catalog.put(experiment("bad", List.of(), 1.5, null, null, 0)))
        .hasMessageContaining("treatmentShare");
  }

  @Test
  void shouldStopAssigningWhenTheExperimentIsRemoved() {
    catalog.put(experiment("exp", List.of(), 0.0, null, null, 0));
    assertThat(assigner.assign(prompt("u", "gemma-7b"), NOW).arm()).isEqualTo(Arm.CONTROL);
    catalog.remove("exp");
    assertThat(assigner.assign(prompt("u", "gemma-7b"), NOW).arm()).isEqualTo(Arm.UNASSIGNED);
  }

  private static Experiment experiment(
      String name, List<String> targets, double share, Instant start, Instant end, double canary) {
    return Experiment.newBuilder()
        .setName(name)
        .setTargetLlms(targets)
        .setTreatmentShare(share)
        .setSalt(name)
        .setStartsAt(start)
        .setEndsAt(end)
        .setCanaryShare(canary)
        .build();
  }

  private static PromptRequest prompt(String user, String target) {
    return PromptRequest.newBuilder()
        .setRequestId("r")
        .setConversationId("c")
        .setUserId(user)
        .setTargetLlm(target)
        .setText("hi")
        .setCreatedAt(NOW)
        .build();
  }
}
