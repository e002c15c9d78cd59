package io.promptstream.adapters.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.promptstream.adapters.testutil.AdapterDirs;
import io.promptstream.adapters.testutil.Adapters;
import io.promptstream.adapters.testutil.RecordingListener;
import io.promptstream.adapters.testutil.Tamper;
import io.promptstream.adapters.testutil.TestSafetensors;
import io.promptstream.adapters.verify.AdapterExpectations;
import io.promptstream.adapters.verify.AdapterVerificationException;
import io.promptstream.adapters.verify.AdapterVerificationException.Reason;
import java.nio.file.Files;
import java.nio.file.Path;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tampered artifacts are refused with a typed reason, and the version that was active stays active
 * and loadable.
 */
class TamperedArtifactTest {

  private static final String TARGET = "qwen1.5-14b";

  @TempDir Path tmp;

  private final RecordingListener listener = new RecordingListener();
  private Path weights;
  private FileSystemAdapterStore store;
  private byte[] pointerBefore;

  @BeforeEach
  void setUp() throws Exception {
    weights = Adapters.writeValidHead(tmp.resolve("head.safetensors"));
    store =
        FileSystemAdapterStore.builder()
            .setRoot(tmp.resolve("store"))
            .optListener(listener)
            .build();
    store.publish(Adapters.draft(TARGET, weights).build());
    store.promote(TARGET, "v000001", Adapters.trunk(), "first");
    store.publish(Adapters.draft(TARGET, weights).build());
    pointerBefore = Files.readAllBytes(pointer());
    listener.clear();
  }

  private Path versionDir(String version) {
    return tmp.resolve("store").resolve(TARGET).resolve("versions").resolve(version);
  }

  private Path pointer() {
    return tmp.resolve("store").resolve(TARGET).resolve("active.json");
  }

  private void assertPromotionRefused(Reason reason) throws Exception {
    assertRefused(() -> store.promote(TARGET, "v000002", Adapters.trunk(), "try"), reason);
  }

  private void assertRefused(ThrowingCallable call, Reason reason) throws Exception {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            AdapterVerificationException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    assertThat(Files.readAllBytes(pointer())).isEqualTo(pointerBefore);
    assertThat(listener.events()).isEmpty();
  }

  private void assertTheActiveVersionStillServes() throws Exception {
    assertThat(store.active(TARGET).orElseThrow().version()).isEqualTo("v000001");
    assertThat(store.loadActive(TARGET, Adapters.trunk()).orElseThrow().version())
        .isEqualTo("v000001");
  }

  @Test
  void shouldRefuseAnArtifactWithAFlippedByteAndKeepTheActiveVersion() throws Exception {
    Tamper.flipLastByte(versionDir("v000002").resolve("adapter.safetensors"));

    assertPromotionRefused(Reason.HASH_MISMATCH);
    assertTheActiveVersionStillServes();
  }

  @Test
  void shouldRefuseAnArtifactWithAMissingHashAndKeepTheActiveVersion() throws Exception {
    Tamper.editJson(
        versionDir("v000002").resolve("manifest.json"),
        m -> ((ObjectNode) m.get("files")).remove("adapter.safetensors"));

    assertPromotionRefused(Reason.MISSING_HASH);
    assertTheActiveVersionStillServes();
  }

  @Test
  void shouldRefuseAnArtifactForAnotherBaseModelAndKeepTheActiveVersion() throws Exception {
    store.publish(
        Adapters.draft(TARGET, weights).setBaseModelFingerprint(Adapters.OTHER_TRUNK).build());
    listener.clear();

    assertRefused(
        () -> store.promote(TARGET, "v000003", Adapters.trunk(), "try"),
        Reason.FINGERPRINT_MISMATCH);
    assertTheActiveVersionStillServes();
  }

  @Test
  void shouldRefuseAnArtifactWithAMalformedHeaderAndKeepTheActiveVersion() throws Exception {
    Path dir = versionDir("v000002");
    TestSafetensors.writeRaw(dir.resolve("adapter.safetensors"), "{\"mlp.weight\": [", new byte[8]);
    AdapterDirs.rehash(dir, "adapter.safetensors");

    assertPromotionRefused(Reason.INVALID_SAFETENSORS);
    assertTheActiveVersionStillServes();
  }

  @Test
  void shouldRefuseAnArtifactWithAPickleFileAndKeepTheActiveVersion() throws Exception {
    Path dir = versionDir("v000002");
    Files.write(dir.resolve("optimizer.pt"), new byte[] {'P', 'K', 3, 4});
    AdapterDirs.rehash(dir, "optimizer.pt");

    assertPromotionRefused(Reason.EXECUTABLE_FILE);
    assertTheActiveVersionStillServes();
  }

  @Test
  void shouldRefuseAnArtifactWithAnUnexpectedTensorAndKeepTheActiveVersion() throws Exception {
    Path dir = versionDir("v000002");
    Adapters.validHead()
        .f32("model.layers.0.mlp.up_proj.weight", 8, 4)
        .write(dir.resolve("adapter.safetensors"));
    AdapterDirs.rehash(dir, "adapter.safetensors");

    assertPromotionRefused(Reason.UNEXPECTED_TENSOR);
    assertTheActiveVersionStillServes();
  }

  @Test
  void shouldRefuseTheActiveVersionOnceItsWeightsAreTamperedAndLeaveThePointer() throws Exception {
    Tamper.flipLastByte(versionDir("v000001").resolve("adapter.safetensors"));

    assertRefused(() -> store.loadActive(TARGET, Adapters.trunk()), Reason.HASH_MISMATCH);
    assertThat(store.active(TARGET).orElseThrow().version()).isEqualTo("v000001");
  }

  @Test
  void shouldRefuseTheActiveVersionOnceItsManifestIsRewritten() throws Exception {
    // A consistent rewrite (new weights, matching hash) is caught by the hash kept in the pointer.
    Path dir = versionDir("v000001");
    Adapters.validHead().f32("lm_head.bias", Adapters.VOCAB).write(tmp.resolve("evil"));
    Tamper.write(dir.resolve("adapter.safetensors"), Files.readAllBytes(tmp.resolve("evil")));
    AdapterDirs.rehash(dir, "adapter.safetensors");

    assertRefused(() -> store.loadActive(TARGET, Adapters.trunk()), Reason.MANIFEST_HASH_MISMATCH);
  }

  @Test
  void shouldRefuseToRollBackToATamperedVersionAndKeepTheActiveOne() throws Exception {
    store.promote(TARGET, "v000002", Adapters.trunk(), "second");
    pointerBefore = Files.readAllBytes(pointer());
    listener.clear();
    Tamper.flipLastByte(versionDir("v000001").resolve("adapter.safetensors"));

    assertRefused(() -> store.rollback(TARGET, Adapters.trunk(), "bad"), Reason.HASH_MISMATCH);
    assertThat(store.active(TARGET).orElseThrow().version()).isEqualTo("v000002");
  }

  @Test
  void shouldRefuseAHeadForATrunkOfAnotherSize() throws Exception {
    AdapterExpectations biggerTrunk =
        AdapterExpectations.builder()
            .setBaseModelFingerprint(Adapters.TRUNK)
            .setHiddenSize(8)
            .setVocabSize(Adapters.VOCAB)
            .build();

    assertRefused(() -> store.promote(TARGET, "v000002", biggerTrunk, "try"), Reason.WRONG_SHAPE);
  }
}
