package io.promptstream.adapters.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RetentionTest {

  private static final List<String> FIVE = List.of("v1", "v2", "v3", "v4", "v5");

  @Test
  void shouldDeleteEverythingOlderThanTheNewestKept() {
    assertThat(Retention.select(FIVE, 2, Set.of())).containsExactly("v1", "v2", "v3");
  }

  @Test
  void shouldSpareProtectedVersions() {
    assertThat(Retention.select(FIVE, 2, Set.of("v2", "v5"))).containsExactly("v1", "v3");
  }

  @Test
  void shouldDeleteNothingWithinTheLimit() {
    assertThat(Retention.select(FIVE, 5, Set.of())).isEmpty();
    assertThat(Retention.select(List.of(), 1, Set.of())).isEmpty();
  }
}
