package io.promptstream.adapters.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promptstream.adapters.release.ReleaseAnnouncementException;
import io.promptstream.adapters.release.ReleaseEvent;
import io.promptstream.adapters.release.ReleaseStage;
import io.promptstream.adapters.testutil.Adapters;
import io.promptstream.adapters.testutil.MutableClock;
import io.promptstream.adapters.testutil.RecordingListener;
import io.promptstream.adapters.verify.VerifiedAdapter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PromotionAndRollbackTest {

  private static final String TARGET = "gpt-4o";

  @TempDir Path tmp;

  private final MutableClock clock = new MutableClock(Instant.parse("2025-03-01T10:00:00Z"));
  private final RecordingListener listener = new RecordingListener();
  private Path weights;
  private FileSystemAdapterStore store;

  @BeforeEach
  void setUp() throws Exception {
    weights = Adapters.writeValidHead(tmp.resolve("head.safetensors"));
    store = storeKeeping(10);
  }

  private FileSystemAdapterStore storeKeeping(int versions) throws Exception {
    return FileSystemAdapterStore.builder()
        .setRoot(tmp.resolve("store"))
        .optClock(clock)
        .optListener(listener)
        .optRetainVersions(versions)
        .optRollbackDepth(2)
        .build();
  }

  private String publish() throws Exception {
    return publish(null);
  }

  private String publish(String parent) throws Exception {
    String v =
        store.publish(Adapters.draft(TARGET, weights).optParentVersion(parent).build()).version();
    clock.advance(Duration.ofMinutes(1));
    return v;
  }

  private String promote(String version) throws Exception {
    String v = store.promote(TARGET, version, Adapters.trunk(), "canary won").version();
    clock.advance(Duration.ofMinutes(1));
    return v;
  }

  private String active() throws Exception {
    return store.active(TARGET).orElseThrow().version();
  }

  @Test
  void shouldServeThePromotedVersion() throws Exception {
    publish();
    String v2 = publish();

    VerifiedAdapter promoted = store.promote(TARGET, v2, Adapters.trunk(), "canary won");

    assertThat(promoted.version()).isEqualTo("v000002");
    assertThat(active()).isEqualTo("v000002");
    VerifiedAdapter loaded = store.loadActive(TARGET, Adapters.trunk()).orElseThrow();
    assertThat(loaded.version()).isEqualTo("v000002");
    assertThat(loaded.weightsFile()).hasSameBinaryContentAs(weights);
  }

  @Test
  void shouldAnnounceAPromotionAsActive() throws Exception {
    String v1 = publish();
    listener.clear();

    promote(v1);

    assertThat(listener.summary()).containsExactly("ACTIVE v000001");
    assertThat(listener.events().get(0).reason()).isEqualTo("canary won");
  }

  @Test
  void shouldRollBackToThePreviouslyActiveVersion() throws Exception {
    promote(publish());
    promote(publish());
    listener.clear();

    VerifiedAdapter restored = store.rollback(TARGET, Adapters.trunk(), "win rate dropped");

    assertThat(restored.version()).isEqualTo("v000001");
    assertThat(active()).isEqualTo("v000001");
    assertThat(listener.summary()).containsExactly("ROLLED_BACK v000002", "ACTIVE v000001");
    assertThat(listener.events()).extracting(ReleaseEvent::reason).containsOnly("win rate dropped");
  }

  @Test
  void shouldWithdrawALosingCandidateWithoutTouchingTheActiveVersion() throws Exception {
    String v1 = promote(publish());
    String candidate = publish(v1);
    listener.clear();

    store.withdraw(TARGET, candidate, "canary lost");

    assertThat(active()).isEqualTo(v1);
    assertThat(listener.summary()).containsExactly("ROLLED_BACK " + candidate);
    assertThat(listener.events().get(0).reason()).isEqualTo("canary lost");
    assertThat(listener.events().get(0).parentVersion()).isEqualTo(v1);
    assertThat(store.get(TARGET, candidate)).isPresent();
  }

  @Test
  void shouldRefuseToWithdrawTheActiveOrAMissingVersion() throws Exception {
    String v1 = promote(publish());
    listener.clear();

    assertThatThrownBy(() -> store.withdraw(TARGET, v1, "no"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is active");
    assertThatThrownBy(() -> store.withdraw(TARGET, "v000009", "no"))
        .isInstanceOf(NoSuchAdapterVersionException.class);
    assertThat(listener.events()).isEmpty();
  }

  @Test
  void shouldNotRollBackIntoTheWithdrawnVersion() throws Exception {
    promote(publish());
    promote(publish());
    store.rollback(TARGET, Adapters.trunk(), "bad");

    assertThatThrownBy(() -> store.rollback(TARGET, Adapters.trunk(), "again"))
        .isInstanceOf(NoSuchAdapterVersionException.class)
        .hasMessageContaining("no previous active version");
    assertThat(active()).isEqualTo("v000001");
  }

  @Test
  void shouldWalkBackThroughEarlierActiveVersions() throws Exception {
    promote(publish());
    promote(publish());
    promote(publish());

    store.rollback(TARGET, Adapters.trunk(), "bad v3");
    store.rollback(TARGET, Adapters.trunk(), "bad v2");

    assertThat(active()).isEqualTo("v000001");
  }

  @Test
  void shouldRollBackToANamedVersion() throws Exception {
    String v1 = publish();
    publish();
    promote(publish());

    store.rollbackTo(TARGET, v1, Adapters.trunk(), "known good");

    assertThat(active()).isEqualTo("v000001");
  }

  @Test
  void shouldRefuseToRollBackWhenNothingWasActiveBefore() throws Exception {
    promote(publish());

    assertThatThrownBy(() -> store.rollback(TARGET, Adapters.trunk(), "x"))
        .isInstanceOf(NoSuchAdapterVersionException.class);
    assertThatThrownBy(() -> store.rollback("unknown", Adapters.trunk(), "x"))
        .isInstanceOf(NoSuchAdapterVersionException.class);
    assertThat(active()).isEqualTo("v000001");
  }

  @Test
  void shouldRefuseToPromoteAnUnknownVersion() throws Exception {
    promote(publish());

    assertThatThrownBy(() -> store.promote(TARGET, "v000009", Adapters.trunk(), null))
        .isInstanceOf(NoSuchAdapterVersionException.class)
        .hasMessageContaining("v000009");
    assertThat(active()).isEqualTo("v000001");
  }

  @Test
  void shouldRetryTheAnnouncementWhenTheActiveVersionIsPromotedAgain() throws Exception {
    String v1 = publish();
    listener.failing(true);

    assertThatThrownBy(() -> store.promote(TARGET, v1, Adapters.trunk(), "go"))
        .isInstanceOfSatisfying(
            ReleaseAnnouncementException.class,
            e ->
                assertThat(e.unannounced())
                    .extracting(ev -> ev.stage() + " " + ev.version())
                    .containsExactly("ACTIVE v000001"));
    assertThat(active()).isEqualTo("v000001");

    listener.failing(false);
    store.promote(TARGET, v1, Adapters.trunk(), "go");

    assertThat(listener.summary()).containsExactly("CANARY v000001", "ACTIVE v000001");
    assertThat(active()).isEqualTo("v000001");
  }

  @Test
  void shouldKeepAPublicationWhoseAnnouncementFailed() throws Exception {
    listener.failing(true);

    assertThatThrownBy(() -> store.publish(Adapters.draft(TARGET, weights).build()))
        .isInstanceOf(ReleaseAnnouncementException.class)
        .hasMessageContaining("durable");

    assertThat(store.get(TARGET, "v000001")).isPresent();
  }

  @Test
  void shouldDescribeEveryActiveVersionForReconciliation() throws Exception {
    promote(publish());
    store.publish(Adapters.draft("mixtral-8x7b", weights).build());

    assertThat(store.activeReleases())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.targetLlm()).isEqualTo(TARGET);
              assertThat(e.version()).isEqualTo("v000001");
              assertThat(e.stage()).isEqualTo(ReleaseStage.ACTIVE);
              assertThat(e.manifestSha256())
                  .isEqualTo(store.get(TARGET, "v000001").orElseThrow().manifestSha256());
              assertThat(e.reason()).isEqualTo("canary won");
            });
  }

  @Test
  void shouldKeepOnlyTheNewestVersionsBesidesProtectedOnes() throws Exception {
    store = storeKeeping(2);
    String v1 = publish();
    promote(v1);
    publish();
    publish();
    listener.clear();

    publish();

    // v1 is active (protected); v2 fell out of the newest two; v3 and v4 are the newest two.
    assertThat(store.list(TARGET))
        .extracting(AdapterVersion::version)
        .containsExactly("v000001", "v000003", "v000004");
    assertThat(listener.summary()).containsExactly("RETIRED v000002", "CANARY v000004");
  }

  @Test
  void shouldNeverRetireRollBackTargetsOrTheActiveParent() throws Exception {
    store = storeKeeping(1);
    String v1 = publish();
    promote(v1);
    promote(publish());
    promote(publish());
    promote(publish(v1));

    publish();
    publish();

    // v4 active; v3 and v2 in the roll back history (depth 2); v1 is v4's parent; v6 the newest.
    assertThat(store.list(TARGET))
        .extracting(AdapterVersion::version)
        .containsExactly("v000001", "v000002", "v000003", "v000004", "v000006");
    assertThat(store.rollback(TARGET, Adapters.trunk(), "bad").version()).isEqualTo("v000003");
  }

  @Test
  void shouldAnnounceRetirementsBeforeTheActiveVersionOnPromotion() throws Exception {
    store = storeKeeping(1);
    promote(publish());
    promote(publish());
    promote(publish());
    String v4 = publish();
    listener.clear();

    store.promote(TARGET, v4, Adapters.trunk(), "go");

    // The history (depth 2) now holds v3 and v2, so v1 loses its protection.
    assertThat(listener.summary()).containsExactly("RETIRED v000001", "ACTIVE v000004");
    assertThat(store.list(TARGET))
        .extracting(AdapterVersion::version)
        .containsExactly("v000002", "v000003", "v000004");
  }

  @Test
  void shouldApplyRetentionOnRequest() throws Exception {
    store = storeKeeping(10);
    for (int i = 0; i < 4; i++) {
      publish();
    }

    store = storeKeeping(2);

    assertThat(store.applyRetention(TARGET)).containsExactly("v000001", "v000002");
    assertThat(store.list(TARGET))
        .extracting(AdapterVersion::version)
        .containsExactly("v000003", "v000004");
    assertThat(store.applyRetention("unknown")).isEmpty();
  }
}
