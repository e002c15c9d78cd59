package io.promptstream.adapters.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PathSegmentsTest {

  @Test
  void shouldAcceptTypicalTargetAndVersionNames() {
    for (String name : new String[] {"gpt-4o", "Qwen1.5-14B", "mixtral_8x7b", "v000001", "7b"}) {
      assertThat(PathSegments.isSafe(name)).as(name).isTrue();
    }
  }

  @Test
  void shouldRefuseNamesThatEscapeOrHideInTheTree() {
    for (String name :
        new String[] {"", ".", "..", ".hidden", "a/b", "a\\b", "-x", "a b", "x".repeat(129)}) {
      assertThat(PathSegments.isSafe(name)).as(name).isFalse();
    }
    assertThat(PathSegments.isSafe(null)).isFalse();
  }

  @Test
  void shouldNameTheParameterWhenRefusing() {
    assertThatThrownBy(() -> PathSegments.requireSafe("../x", "targetLlm"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("targetLlm must be")
        .hasMessageEndingWith("but was '../x'");
  }
}
