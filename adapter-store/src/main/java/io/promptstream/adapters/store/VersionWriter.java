package io.promptstream.adapters.store;

import io.promptstream.adapters.internal.DurableFiles;
import io.promptstream.adapters.internal.FsLayout;
import io.promptstream.adapters.internal.Sha256;
import io.promptstream.adapters.manifest.AdapterFiles;
import io.promptstream.adapters.manifest.AdapterManifest;
import io.promptstream.adapters.manifest.ManifestJson;
import io.promptstream.adapters.verify.AdapterExpectations;
import io.promptstream.adapters.verify.AdapterVerifier;
import io.promptstream.adapters.verify.VerifiedAdapter;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Map;

/**
 * Writes one version: into a dot-named directory, fsynced, verified, then renamed into place, so
 * the version appears complete or not at all. The caller holds the target's lock and has checked
 * that the version does not exist.
 */
final class VersionWriter {

  private final FsLayout layout;
  private final Clock clock;
  private final AdapterVerifier verifier;

  VersionWriter(FsLayout layout, Clock clock, AdapterVerifier verifier) {
    this.layout = layout;
    this.clock = clock;
    this.verifier = verifier;
  }

  /** Writes the version and returns it verified at its final location. */
  VerifiedAdapter write(AdapterDraft draft, String version) throws IOException {
    String target = draft.targetLlm();
    Path temp = layout.newPublishDir(target, version);
    Path dir = layout.version(target, version);
    Files.createDirectory(temp);
    try {
      String weightsSha256 = Sha256.copy(draft.weights(), temp.resolve(AdapterFiles.WEIGHTS));
      AdapterManifest manifest =
          new AdapterManifest(
              AdapterManifest.CURRENT_SCHEMA_VERSION,
              target,
              version,
              draft.parentVersion(),
              draft.baseModelFingerprint(),
              draft.head(),
              Map.of(AdapterFiles.WEIGHTS, weightsSha256),
              clock.instant(),
              draft.trainingData(),
              draft.metrics());
      DurableFiles.writeNew(temp.resolve(AdapterFiles.MANIFEST), ManifestJson.write(manifest));
      // The draft's own facts are the expectations: weights that contradict them never appear.
      VerifiedAdapter checked =
          verifier.verify(
              temp,
              new AdapterExpectations(
                  draft.baseModelFingerprint(),
                  draft.head().hiddenSize(),
                  draft.head().vocabSize(),
                  target,
                  version,
                  null));
      makeReadOnly(temp);
      DurableFiles.fsyncDirectory(temp);
      Files.move(temp, dir, StandardCopyOption.ATOMIC_MOVE);
      DurableFiles.fsyncDirectory(layout.versions(target));
      return new VerifiedAdapter(
          checked.manifest(),
          dir,
          dir.resolve(AdapterFiles.WEIGHTS),
          checked.manifestSha256(),
          checked.tensors());
    } catch (Throwable e) {
      try {
        DurableFiles.deleteRecursively(temp);
      } catch (IOException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
  }

  // Guards against accidental edits; not a security boundary (the hashes are).
  private static void makeReadOnly(Path dir) throws IOException {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path file : files) {
        try {
          Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--r--r--"));
        } catch (UnsupportedOperationException e) {
          file.toFile().setReadOnly();
        }
      }
    }
  }
}
