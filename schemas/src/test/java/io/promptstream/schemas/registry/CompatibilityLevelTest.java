package io.promptstream.schemas.registry;

import static io.promptstream.schemas.registry.CompatibilityLevel.BACKWARD;
import static io.promptstream.schemas.registry.CompatibilityLevel.BACKWARD_TRANSITIVE;
import static io.promptstream.schemas.registry.CompatibilityLevel.FORWARD;
import static io.promptstream.schemas.registry.CompatibilityLevel.FORWARD_TRANSITIVE;
import static io.promptstream.schemas.registry.CompatibilityLevel.FULL;
import static io.promptstream.schemas.registry.CompatibilityLevel.FULL_TRANSITIVE;
import static io.promptstream.schemas.registry.CompatibilityLevel.NONE;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class CompatibilityLevelTest {

  @Test
  void shouldSatisfyBackwardOnlyWithLevelsThatCheckNewReadersAgainstOldData() {
    EnumSet<CompatibilityLevel> satisfying = EnumSet.noneOf(CompatibilityLevel.class);
    for (CompatibilityLevel level : CompatibilityLevel.values()) {
      if (level.satisfies(BACKWARD)) {
        satisfying.add(level);
      }
    }

    assertThat(satisfying)
        .containsExactlyInAnyOrder(BACKWARD, BACKWARD_TRANSITIVE, FULL, FULL_TRANSITIVE);
  }

  @Test
  void shouldSatisfyNoneWithEveryLevel() {
    for (CompatibilityLevel level : CompatibilityLevel.values()) {
      assertThat(level.satisfies(NONE)).as(level.name()).isTrue();
    }
  }

  @Test
  void shouldStrengthenToTheWeakestLevelSatisfyingBoth() {
    assertThat(NONE.strengthenedBy(BACKWARD)).isEqualTo(BACKWARD);
    assertThat(FORWARD.strengthenedBy(BACKWARD)).isEqualTo(FULL);
    assertThat(FORWARD_TRANSITIVE.strengthenedBy(BACKWARD_TRANSITIVE)).isEqualTo(FULL_TRANSITIVE);
    assertThat(BACKWARD_TRANSITIVE.strengthenedBy(BACKWARD)).isEqualTo(BACKWARD_TRANSITIVE);
    assertThat(FULL.strengthenedBy(BACKWARD)).isEqualTo(FULL);
  }

  @Test
  void shouldRoundMixedDepthsUpToFullTransitive() {
    assertThat(FORWARD.strengthenedBy(BACKWARD_TRANSITIVE)).isEqualTo(FULL_TRANSITIVE);
    assertThat(FULL.strengthenedBy(FORWARD_TRANSITIVE)).isEqualTo(FULL_TRANSITIVE);
  }
}
