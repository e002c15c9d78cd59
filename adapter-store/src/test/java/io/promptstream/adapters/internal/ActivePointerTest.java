package io.promptstream.adapters.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.promptstream.adapters.internal.ActivePointer.Entry;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ActivePointerTest {

  private static final Instant T = Instant.parse("2025-03-01T10:00:00Z");

  private static Entry e(int n) {
    return new Entry("v00000" + n, Integer.toHexString(n).repeat(64).substring(0, 64));
  }

  private static List<String> history(ActivePointer p) {
    return p.previous().stream().map(Entry::version).toList();
  }

  @Test
  void shouldPushTheActiveVersionOntoABoundedHistory() {
    ActivePointer p = new ActivePointer(1, e(1), List.of(), T, null);

    p = p.activate(e(2), 2, T, null).activate(e(3), 2, T, null).activate(e(4), 2, T, "why");

    assertThat(p.active()).isEqualTo(e(4));
    assertThat(history(p)).containsExactly("v000003", "v000002");
    assertThat(p.reason()).isEqualTo("why");
  }

  @Test
  void shouldNotListAVersionTwiceWhenAnEarlierOneIsPromotedAgain() {
    ActivePointer p = new ActivePointer(1, e(3), List.of(e(2), e(1)), T, null);

    p = p.activate(e(1), 5, T, null);

    assertThat(history(p)).containsExactly("v000003", "v000002");
  }

  @Test
  void shouldDropTheWithdrawnVersionOnRollBack() {
    ActivePointer p = new ActivePointer(1, e(3), List.of(e(2), e(1)), T, null);

    p = p.rollBackTo(e(2), T, "bad");

    assertThat(p.active()).isEqualTo(e(2));
    assertThat(history(p)).containsExactly("v000001");
  }

  @Test
  void shouldSurviveAJsonRoundTrip() throws Exception {
    ActivePointer p = new ActivePointer(1, e(3), List.of(e(2)), T, "canary won");

    assertThat(ActivePointer.fromJson(p.toJson())).isEqualTo(p);
  }
}
