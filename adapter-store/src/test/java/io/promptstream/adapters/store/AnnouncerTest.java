package io.promptstream.adapters.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promptstream.adapters.release.ReleaseAnnouncementException;
import io.promptstream.adapters.release.ReleaseEvent;
import io.promptstream.adapters.release.ReleaseStage;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnnouncerTest {

  private static ReleaseEvent event(String version, ReleaseStage stage) {
    return new ReleaseEvent(
        "gpt-4o",
        version,
        null,
        stage,
        "f",
        URI.create("file:///x"),
        "a".repeat(64),
        null,
        Instant.EPOCH);
  }

  @Test
  void shouldStopAtTheFirstFailureAndHandBackTheRestInOrder() {
    List<ReleaseEvent> delivered = new ArrayList<>();
    Announcer announcer =
        new Announcer(
            e -> {
              if (e.stage() == ReleaseStage.ACTIVE) {
                throw new IllegalStateException("broker down");
              }
              delivered.add(e);
            });
    List<ReleaseEvent> events =
        List.of(
            event("v1", ReleaseStage.ROLLED_BACK),
            event("v0", ReleaseStage.ACTIVE),
            event("v9", ReleaseStage.RETIRED));

    assertThatThrownBy(() -> announcer.announce(events))
        .isInstanceOfSatisfying(
            ReleaseAnnouncementException.class,
            e -> {
              assertThat(e.unannounced()).containsExactly(events.get(1), events.get(2));
              assertThat(e.getCause()).hasMessage("broker down");
            });
    assertThat(delivered).containsExactly(events.get(0));
  }

  @Test
  void shouldAllowAMissingFingerprintOnlyForAWithdrawnVersion() {
    URI location = URI.create("file:///x");
    String sha = "a".repeat(64);
    new ReleaseEvent(
        "t", "v1", null, ReleaseStage.ROLLED_BACK, null, location, sha, null, Instant.EPOCH);

    assertThatThrownBy(
            () ->
                new ReleaseEvent(
                    "t", "v1", null, ReleaseStage.ACTIVE, null, location, sha, null, Instant.EPOCH))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("baseModelFingerprint");
  }
}
