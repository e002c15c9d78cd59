package io.promptstream.adapters.verify;

import static io.promptstream.adapters.testutil.Adapters.HIDDEN;
import static io.promptstream.adapters.testutil.Adapters.VOCAB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.promptstream.adapters.manifest.HeadShape;
import io.promptstream.adapters.testutil.AdapterDirs;
import io.promptstream.adapters.testutil.Adapters;
import io.promptstream.adapters.testutil.Tamper;
import io.promptstream.adapters.testutil.TestSafetensors;
import io.promptstream.adapters.verify.AdapterVerificationException.Reason;
import io.promptstream.runtime.safetensors.InvalidSafetensorsException;
import io.promptstream.runtime.safetensors.SafetensorsDType;
import java.nio.file.Files;
import java.nio.file.Path;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdapterVerifierTest {

  @TempDir Path tmp;

  private final AdapterVerifier verifier = new AdapterVerifier();

  @Test
  void shouldAcceptAValidHeadAndDescribeIt() throws Exception {
    Path dir = AdapterDirs.writeValid(tmp.resolve("a"));

    VerifiedAdapter verified = verifier.verify(dir, Adapters.trunk());

    assertThat(verified.targetLlm()).isEqualTo(AdapterDirs.TARGET);
    assertThat(verified.version()).isEqualTo(AdapterDirs.VERSION);
    assertThat(verified.weightsFile()).isEqualTo(dir.resolve("adapter.safetensors"));
    assertThat(verified.manifestSha256())
        .isEqualTo(AdapterDirs.sha256(dir.resolve("manifest.json")));
    assertThat(verified.tensors())
        .extracting(t -> t.name())
        .containsExactly("mlp.weight", "mlp.bias", "lm_head.weight");
  }

  @Test
  void shouldAcceptHalfPrecisionHeadsWithAnLmHeadBias() throws Exception {
    TestSafetensors weights =
        new TestSafetensors()
            .tensor("mlp.weight", "BF16", 2, HIDDEN, HIDDEN)
            .tensor("mlp.bias", "BF16", 2, HIDDEN)
            .tensor("lm_head.weight", "F16", 2, VOCAB, HIDDEN)
            .tensor("lm_head.bias", "F16", 2, VOCAB);
    Path dir = AdapterDirs.write(tmp.resolve("a"), weights, new HeadShape(HIDDEN, VOCAB, true));

    VerifiedAdapter verified = verifier.verify(dir, Adapters.trunk());

    assertThat(verified.tensors())
        .extracting(t -> t.dtype())
        .containsExactly(
            SafetensorsDType.BF16,
            SafetensorsDType.BF16,
            SafetensorsDType.F16,
            SafetensorsDType.F16);
  }

  @Test
  void shouldRefuseAMissingDirectory() {
    assertRefused(tmp.resolve("absent"), Reason.MISSING_MANIFEST);
  }

  @Test
  void shouldRefuseADirectoryWithoutManifest() throws Exception {
    Path dir = AdapterDirs.writeValid(tmp.resolve("a"));
    Files.delete(dir.resolve("manifest.json"));

    assertRefused(dir, Reason.MISSING_MANIFEST);
  }

  @Test
  void shouldRefuseAManifestThatIsNotJson() throws Exception {
    Path dir = AdapterDirs.writeValid(tmp.resolve("a"));
    Tamper.write(dir.resolve("manifest.json"), "{\"schemaVersion\": 1, ".getBytes());

    assertRefused(dir, Reason.MALFORMED_MANIFEST);
  }

  @Test
  void shouldRefuseAManifestWithoutFingerprint() throws Exception {
    Path dir = AdapterDirs.writeValid(tmp.resolve("a"));
    Tamper.editJson(dir.resolve("manifest.json"), m -> m.remove("baseModelFingerprint"));

    assertRefused(dir, Reason.MALFORMED_MANIFEST).hasMessageContaining("baseModelFingerprint");
  }

  @Test
  void shouldRefuseAManifestWithADuplicateKey() throws Exception {
    Path dir = AdapterDirs.writeValid(tmp.resolve("a"));
    String json = Files.readString(dir.resolve("manifest.json"));
    Tamper.write(
        dir.resolve("manifest.json"),
        json.replaceFirst("\\{", "{\"version\": \"v000009\",").getBytes());

    assertRefused(dir, Reason.MALFORMED_MANIFEST);
  }

  @Test
  void shouldRefuseAManifestLargerThanTheCap() throws Exception {
    Path dir = AdapterDirs.writeValid(tmp.resolve("a"));

    assertRefused(new AdapterVerifier(64), dir, Reason.MALFORMED_MANIFEST)
        .hasMessageContaining("larger than 64 bytes");
  }

  @Test
  void shouldIgnoreUnknownManifestFields() throws Exception {
    Path dir = AdapterDirs.writeValid(tmp.resolve("a"));
    Tamper.editJson(dir.resolve("manifest.json"), m -> m.put("approvedBy", "on-call"));

    assertThat(verifier.verify(dir, Adapters.trunk()).version()).isEqualTo(AdapterDirs.VERSION);
  }

  @Test
  void shouldRefuseANewerManifestSchemaVersion() throws Exception {
    Path dir = AdapterDirs.writeValid(tmp.resolve("a"));
    Tamper.editJson(dir.resolve("manifest.json"), m -> m.put("schemaVersion", 2));

    assertRefused(dir, Reason.UNSUPPORTED_MANIFEST_VERSION);
  }

  @Test
  void shouldRefuseAManifestOtherThanTheExpectedOne() throws Exception {
    Path dir = AdapterDirs.writeValid(tmp.resolve("a"));
    AdapterExpectations announced =
        Adapters.trunk().forVersion(AdapterDirs.TARGET, AdapterDirs.VERSION, "0".repeat(64));

    assertRefused(verifier, dir, announced, Reason.MANIFEST_HASH_MISMATCH);
  }

  @Test
  void shouldRefuseAHeadOfAnotherTarget() throws Exception {
    Path dir = AdapterDirs.writeValid(tmp.resolve("a"));

    assertRefused(
        verifier,
        dir,
        Adapters.trunk().forVersion("gpt-4o", AdapterDirs.VERSION),
        Reason.IDENTITY_MISMATCH);
  }

  @Test
  void shouldRefuseAHeadTrainedOnAnotherTrunk() throws Exception {
    Path dir = AdapterDirs.writeValid(tmp.resolve("a"));
    Tamper.editJson(
        dir.resolve("manifest.json"), m -> m.put("baseModelFingerprint", Adapters.OTHER_TRUNK));

    assertRefused(dir, Reason.FINGERPRINT_MISMATCH);
  }

  @Test
  void shouldRefuseAManifestDeclaringOtherSizesThanTheTrunk() throws Exception {
    Path dir = AdapterDirs.writeValid(tmp.resolve("a"));
    Tamper.editJson(
        dir.resolve("manifest.json"), m -> ((ObjectNode) m.get("head")).put("vocabSize", 7));

    assertRefused(dir, Reason.WRONG_SHAPE).hasMessageContaining("vocabSize=7");
  }

  @Test
  void shouldRefuseAFlippedByteInTheWeights() throws Exception {
    Path dir = AdapterDirs.writeValid(tmp.resolve("a"));
    Tamper.flipLastByte(dir.resolve("adapter.safetensors"));

    assertRefused(dir, Reason.HASH_MISMATCH).hasMessageContaining("adapter.safetensors");
  }

  @Test
  void shouldRefuseWeightsWithoutAHash() throws Exception {
    Path dir = AdapterDirs.writeValid(tmp.resolve("a"));
    Tamper.editJson(dir.resolve("manifest.json"), m -> ((ObjectNode) m.get("files")).removeAll());

    assertRefused(dir, Reason.MISSING_HASH);
  }

  @Test
  void shouldRefuseAnUnlistedExtraFile() throws Exception {
    Path dir = AdapterDirs.writeValid(tmp.resolve("a"));
    Files.writeString(dir.resolve("notes.txt"), "added later");

    assertRefused(dir, Reason.MISSING_HASH).hasMessageContaining("notes.txt");
  }

  @Test
  void shouldAcceptAListedExtraFileAndRefuseItOnceChanged() throws Exception {
    Path dir = AdapterDirs.writeValid(tmp.resolve("a"));
    Files.writeString(dir.resolve("notes.txt"), "training notes");
    AdapterDirs.rehash(dir, "notes.txt");
    verifier.verify(dir, Adapters.trunk());

    Files.writeString(dir.resolve("notes.txt"), "training notes, edited");

    assertRefused(dir, Reason.HASH_MISMATCH).hasMessageContaining("notes.txt");
  }

  @Test
  void shouldRefuseAListedFileThatIsAbsent() throws Exception {
    Path dir = AdapterDirs.writeValid(tmp.resolve("a"));
    Files.delete(dir.resolve("adapter.safetensors"));

    assertRefused(dir, Reason.MISSING_FILE);
  }

  @Test
  void shouldRefuseAManifestPointingOutsideTheDirectory() throws Exception {
    Path dir = AdapterDirs.writeValid(tmp.resolve("a"));
    Tamper.editJson(
        dir.resolve("manifest.json"),
        m -> ((ObjectNode) m.get("files")).put("../secret", "a".repeat(64)));

    assertRefused(dir, Reason.MALFORMED_MANIFEST).hasMessageContaining("../secret");
  }

  @Test
  void shouldRefuseAPickleFileInTheDirectory() throws Exception {
    Path dir = AdapterDirs.writeValid(tmp.resolve("a"));
    Files.write(dir.resolve("adapter_model.bin"), new byte[] {(byte) 0x80, 0x04, 0x4b, 0x2e});
    AdapterDirs.rehash(dir, "adapter_model.bin");

    assertRefused(dir, Reason.EXECUTABLE_FILE).hasMessageContaining("adapter_model.bin");
  }

  @Test
  void shouldRefuseAPickleSavedUnderTheSafetensorsName() throws Exception {
    Path dir = AdapterDirs.writeValid(tmp.resolve("a"));
    Tamper.write(
        dir.resolve("adapter.safetensors"),
        new byte[] {(byte) 0x80, 0x04, (byte) 0x95, 0, 0, 0, 0, 0, 0, 0, 0x7d, 0x2e});
    AdapterDirs.rehash(dir, "adapter.safetensors");

    assertRefused(dir, Reason.EXECUTABLE_FILE);
  }

  @Test
  void shouldRefuseASubdirectory() throws Exception {
    Path dir = AdapterDirs.writeValid(tmp.resolve("a"));
    Files.createDirectory(dir.resolve("extra"));

    assertRefused(dir, Reason.UNEXPECTED_ENTRY);
  }

  @Test
  void shouldRefuseAMalformedSafetensorsHeaderEvenWithAMatchingHash() throws Exception {
    Path dir = AdapterDirs.writeValid(tmp.resolve("a"));
    TestSafetensors.writeRaw(
        dir.resolve("adapter.safetensors"),
        "{\"mlp.weight\":{\"dtype\":\"F32\",\"shape\":[4,4],\"data_offsets\":[0,60]}}",
        new byte[64]);
    AdapterDirs.rehash(dir, "adapter.safetensors");

    AdapterVerificationException refused = assertRefusedException(dir, Reason.INVALID_SAFETENSORS);
    assertThat(refused.getCause())
        .isInstanceOfSatisfying(
            InvalidSafetensorsException.class,
            e ->
                assertThat(e.reason()).isEqualTo(InvalidSafetensorsException.Reason.SIZE_MISMATCH));
  }

  @Test
  void shouldRefuseATensorThatIsNotPartOfAHead() throws Exception {
    Path dir =
        AdapterDirs.write(
            tmp.resolve("a"),
            Adapters.validHead().f32("model.embed_tokens.weight", VOCAB, HIDDEN),
            Adapters.HEAD);

    assertRefused(dir, Reason.UNEXPECTED_TENSOR).hasMessageContaining("model.embed_tokens.weight");
  }

  @Test
  void shouldRefuseAnLmHeadBiasTheManifestDoesNotDeclare() throws Exception {
    Path dir =
        AdapterDirs.write(
            tmp.resolve("a"), Adapters.validHead().f32("lm_head.bias", VOCAB), Adapters.HEAD);

    assertRefused(dir, Reason.UNEXPECTED_TENSOR).hasMessageContaining("hasLmHeadBias=false");
  }

  @Test
  void shouldRefuseAHeadWithoutItsDeclaredLmHeadBias() throws Exception {
    Path dir =
        AdapterDirs.write(
            tmp.resolve("a"), Adapters.validHead(), new HeadShape(HIDDEN, VOCAB, true));

    assertRefused(dir, Reason.MISSING_TENSOR).hasMessageContaining("lm_head.bias");
  }

  @Test
  void shouldRefuseATensorOfTheWrongShape() throws Exception {
    TestSafetensors weights =
        new TestSafetensors()
            .f32("mlp.weight", HIDDEN, HIDDEN)
            .f32("mlp.bias", HIDDEN)
            .f32("lm_head.weight", HIDDEN, VOCAB);
    Path dir = AdapterDirs.write(tmp.resolve("a"), weights, Adapters.HEAD);

    assertRefused(dir, Reason.WRONG_SHAPE).hasMessageContaining("lm_head.weight has shape [4, 6]");
  }

  @Test
  void shouldRefuseIntegerTensors() throws Exception {
    TestSafetensors weights =
        new TestSafetensors()
            .tensor("mlp.weight", "I32", 4, HIDDEN, HIDDEN)
            .f32("mlp.bias", HIDDEN)
            .f32("lm_head.weight", VOCAB, HIDDEN);
    Path dir = AdapterDirs.write(tmp.resolve("a"), weights, Adapters.HEAD);

    assertRefused(dir, Reason.UNSUPPORTED_DTYPE);
  }

  @Test
  void shouldLeaveTheDirectoryUntouched() throws Exception {
    Path dir = AdapterDirs.writeValid(tmp.resolve("a"));
    Tamper.flipLastByte(dir.resolve("adapter.safetensors"));
    byte[] before = Files.readAllBytes(dir.resolve("adapter.safetensors"));

    assertRefused(dir, Reason.HASH_MISMATCH);

    assertThat(Files.readAllBytes(dir.resolve("adapter.safetensors"))).isEqualTo(before);
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("adapter.safetensors", "manifest.json");
    }
  }

  private AbstractThrowableAssert<?, ? extends Throwable> assertRefused(Path dir, Reason reason) {
    return assertRefused(verifier, dir, Adapters.trunk(), reason);
  }

  private static AbstractThrowableAssert<?, ? extends Throwable> assertRefused(
      AdapterVerifier verifier, Path dir, Reason reason) {
    return assertRefused(verifier, dir, Adapters.trunk(), reason);
  }

  private static AbstractThrowableAssert<?, ? extends Throwable> assertRefused(
      AdapterVerifier verifier, Path dir, AdapterExpectations expected, Reason reason) {
    return assertThatThrownBy(() -> verifier.verify(dir, expected))
        .isInstanceOfSatisfying(
            AdapterVerificationException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }

  private AdapterVerificationException assertRefusedException(Path dir, Reason reason) {
    try {
      verifier.verify(dir, Adapters.trunk());
    } catch (AdapterVerificationException e) {
      assertThat(e.reason()).isEqualTo(reason);
      return e;
    }
    throw new AssertionError("expected " + reason);
  }
}
