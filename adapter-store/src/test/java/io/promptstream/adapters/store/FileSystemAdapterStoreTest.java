package io.promptstream.adapters.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promptstream.adapters.manifest.AdapterManifest;
import io.promptstream.adapters.manifest.HeadShape;
import io.promptstream.adapters.release.ReleaseEvent;
import io.promptstream.adapters.testutil.AdapterDirs;
import io.promptstream.adapters.testutil.Adapters;
import io.promptstream.adapters.testutil.MutableClock;
import io.promptstream.adapters.testutil.RecordingListener;
import io.promptstream.adapters.testutil.TestSafetensors;
import io.promptstream.adapters.verify.AdapterVerificationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSystemAdapterStoreTest {

  private static final String TARGET = "llama-3-8b";

  @TempDir Path tmp;

  private final MutableClock clock = new MutableClock(Instant.parse("2025-03-01T10:00:00Z"));
  private final RecordingListener listener = new RecordingListener();
  private Path root;
  private Path weights;
  private FileSystemAdapterStore store;

  @BeforeEach
  void setUp() throws Exception {
    root = tmp.resolve("store");
    weights = Adapters.writeValidHead(tmp.resolve("trained/head.safetensors"));
    store = open();
  }

  private FileSystemAdapterStore open() throws Exception {
    return FileSystemAdapterStore.builder()
        .setRoot(root)
        .optClock(clock)
        .optListener(listener)
        .optRetainVersions(100)
        .build();
  }

  private AdapterVersion publish() throws Exception {
    AdapterVersion v = store.publish(Adapters.draft(TARGET, weights).build());
    clock.advance(Duration.ofMinutes(1));
    return v;
  }

  @Test
  void shouldAssignSequentialVersionsAndListThemOldestFirst() throws Exception {
    publish();
    publish();
    publish();

    assertThat(store.list(TARGET))
        .extracting(AdapterVersion::version)
        .containsExactly("v000001", "v000002", "v000003");
    assertThat(store.latest(TARGET).orElseThrow().version()).isEqualTo("v000003");
    assertThat(store.targets()).containsExactly(TARGET);
  }

  @Test
  void shouldWriteTheArtifactLayoutWithAManifestDescribingIt() throws Exception {
    AdapterVersion published =
        store.publish(Adapters.draft(TARGET, weights).optParentVersion("v000000").build());

    Path dir = root.resolve(TARGET).resolve("versions").resolve("v000001");
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("adapter.safetensors", "manifest.json");
    }
    assertThat(Files.readAllBytes(dir.resolve("adapter.safetensors")))
        .isEqualTo(Files.readAllBytes(weights));
    AdapterManifest manifest = published.manifest();
    assertThat(manifest.schemaVersion()).isEqualTo(AdapterManifest.CURRENT_SCHEMA_VERSION);
    assertThat(manifest.targetLlm()).isEqualTo(TARGET);
    assertThat(manifest.version()).isEqualTo("v000001");
    assertThat(manifest.parentVersion()).isEqualTo("v000000");
    assertThat(manifest.baseModelFingerprint()).isEqualTo(Adapters.TRUNK);
    assertThat(manifest.head()).isEqualTo(Adapters.HEAD);
    assertThat(manifest.files())
        .containsExactly(Map.entry("adapter.safetensors", AdapterDirs.sha256(weights)));
    assertThat(manifest.createdAt()).isEqualTo(Instant.parse("2025-03-01T10:00:00Z"));
    assertThat(manifest.trainingData().examples()).isEqualTo(120);
    assertThat(manifest.metrics()).containsExactly(Map.entry("win_rate", 0.75));
    assertThat(published.location()).isEqualTo(dir.toUri());
    assertThat(published.manifestSha256())
        .isEqualTo(AdapterDirs.sha256(dir.resolve("manifest.json")));
  }

  @Test
  void shouldGetAPublishedVersionAndNothingForAnUnknownOne() throws Exception {
    publish();

    assertThat(store.get(TARGET, "v000001"))
        .get()
        .extracting(AdapterVersion::version)
        .isEqualTo("v000001");
    assertThat(store.get(TARGET, "v000002")).isEmpty();
    assertThat(store.get("gpt-4o", "v000001")).isEmpty();
    assertThat(store.list("gpt-4o")).isEmpty();
    assertThat(store.latest("gpt-4o")).isEmpty();
  }

  @Test
  void shouldNotActivateAPublishedVersion() throws Exception {
    publish();

    assertThat(store.active(TARGET)).isEmpty();
    assertThat(store.loadActive(TARGET, Adapters.trunk())).isEmpty();
  }

  @Test
  void shouldPublishANamedVersionAndContinueNumberingAfterIt() throws Exception {
    store.publish(Adapters.draft(TARGET, weights).optVersion("v000041").build());
    clock.advance(Duration.ofMinutes(1));
    publish();

    assertThat(store.list(TARGET))
        .extracting(AdapterVersion::version)
        .containsExactly("v000041", "v000042");
  }

  @Test
  void shouldRefuseToRepublishAnExistingVersionAndKeepTheOriginal() throws Exception {
    AdapterVersion original = publish();
    Path other =
        Adapters.validHead()
            .f32("lm_head.bias", Adapters.VOCAB)
            .write(tmp.resolve("other.safetensors"));

    assertThatThrownBy(
            () ->
                store.publish(
                    Adapters.draft(TARGET, other)
                        .setHead(new HeadShape(Adapters.HIDDEN, Adapters.VOCAB, true))
                        .optVersion("v000001")
                        .build()))
        .isInstanceOf(AdapterVersionExistsException.class)
        .hasMessageContaining("v000001");

    AdapterVersion after = store.get(TARGET, "v000001").orElseThrow();
    assertThat(after.manifestSha256()).isEqualTo(original.manifestSha256());
    assertThat(after.manifest().files()).isEqualTo(original.manifest().files());
  }

  @Test
  void shouldRefuseWeightsThatContradictTheDraftAndPublishNothing() throws Exception {
    Path wrong =
        new TestSafetensors()
            .f32("mlp.weight", 3, 3)
            .f32("mlp.bias", 3)
            .f32("lm_head.weight", 6, 3)
            .write(tmp.resolve("wrong.safetensors"));

    assertThatThrownBy(() -> store.publish(Adapters.draft(TARGET, wrong).build()))
        .isInstanceOfSatisfying(
            AdapterVerificationException.class,
            e -> assertThat(e.reason()).isEqualTo(AdapterVerificationException.Reason.WRONG_SHAPE));

    assertThat(store.list(TARGET)).isEmpty();
    try (Stream<Path> entries = Files.list(root.resolve(TARGET).resolve("versions"))) {
      assertThat(entries).isEmpty();
    }
    assertThat(listener.events()).isEmpty();
  }

  @Test
  void shouldRefuseATargetNameThatIsNotAPathSegment() {
    assertThatThrownBy(() -> store.publish(Adapters.draft("../etc", weights).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("targetLlm must be");
    assertThatThrownBy(() -> store.list("meta-llama/Llama-3-8B"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("targetLlm must be");
    assertThatThrownBy(() -> store.get(TARGET, ".publish-x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("version must be");
  }

  @Test
  void shouldAnnounceAPublicationAsCanary() throws Exception {
    AdapterVersion published = publish();

    assertThat(listener.summary()).containsExactly("CANARY v000001");
    ReleaseEvent event = listener.events().get(0);
    assertThat(event.targetLlm()).isEqualTo(TARGET);
    assertThat(event.baseModelFingerprint()).isEqualTo(Adapters.TRUNK);
    assertThat(event.location()).isEqualTo(published.location());
    assertThat(event.manifestSha256()).isEqualTo(published.manifestSha256());
    assertThat(event.releasedAt()).isEqualTo(Instant.parse("2025-03-01T10:00:00Z"));
  }

  @Test
  void shouldNeverListAnInterruptedPublicationAndRemoveItOnOpen() throws Exception {
    publish();
    Path versions = root.resolve(TARGET).resolve("versions");
    Path leftover = Files.createDirectory(versions.resolve(".publish-v000002-5d1f"));
    Files.write(leftover.resolve("adapter.safetensors"), new byte[] {1, 2, 3});
    Path retiring = Files.createDirectory(versions.resolve(".retire-v000000-77aa"));
    Path pointerTemp =
        Files.writeString(root.resolve(TARGET).resolve(".active.json-1234.tmp"), "{\"act");

    assertThat(store.list(TARGET)).extracting(AdapterVersion::version).containsExactly("v000001");

    store = open();

    assertThat(leftover).doesNotExist();
    assertThat(retiring).doesNotExist();
    assertThat(pointerTemp).doesNotExist();
    assertThat(versions.resolve("v000001")).isDirectory();
    assertThat(publish().version()).isEqualTo("v000002");
  }

  @Test
  void shouldGiveConcurrentPublishersDistinctVersions() throws Exception {
    int publishers = 8;
    ExecutorService pool = Executors.newFixedThreadPool(publishers);
    try {
      List<Callable<String>> tasks = new ArrayList<>();
      for (int i = 0; i < publishers * 2; i++) {
        tasks.add(() -> store.publish(Adapters.draft(TARGET, weights).build()).version());
      }
      List<String> versions = new ArrayList<>();
      for (Future<String> f : pool.invokeAll(tasks)) {
        versions.add(f.get());
      }

      assertThat(versions).doesNotHaveDuplicates().hasSize(publishers * 2);
      assertThat(store.list(TARGET)).hasSize(publishers * 2);
      assertThat(listener.events()).hasSize(publishers * 2);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void shouldLetTwoStoresOverOneRootTakeTurns() throws Exception {
    FileSystemAdapterStore second = open();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Callable<String>> tasks = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        FileSystemAdapterStore s = i % 2 == 0 ? store : second;
        tasks.add(() -> s.publish(Adapters.draft(TARGET, weights).build()).version());
      }
      List<String> versions = new ArrayList<>();
      for (Future<String> f : pool.invokeAll(tasks)) {
        versions.add(f.get());
      }

      assertThat(versions).doesNotHaveDuplicates().hasSize(6);
    } finally {
      pool.shutdownNow();
    }
  }
}
