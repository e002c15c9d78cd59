package io.promptstream.adapters.verify;

import static io.promptstream.adapters.verify.AdapterVerificationException.Reason.EXECUTABLE_FILE;
import static io.promptstream.adapters.verify.AdapterVerificationException.Reason.FINGERPRINT_MISMATCH;
import static io.promptstream.adapters.verify.AdapterVerificationException.Reason.HASH_MISMATCH;
import static io.promptstream.adapters.verify.AdapterVerificationException.Reason.IDENTITY_MISMATCH;
import static io.promptstream.adapters.verify.AdapterVerificationException.Reason.INVALID_SAFETENSORS;
import static io.promptstream.adapters.verify.AdapterVerificationException.Reason.MALFORMED_MANIFEST;
import static io.promptstream.adapters.verify.AdapterVerificationException.Reason.MANIFEST_HASH_MISMATCH;
import static io.promptstream.adapters.verify.AdapterVerificationException.Reason.MISSING_FILE;
import static io.promptstream.adapters.verify.AdapterVerificationException.Reason.MISSING_HASH;
import static io.promptstream.adapters.verify.AdapterVerificationException.Reason.MISSING_MANIFEST;
import static io.promptstream.adapters.verify.AdapterVerificationException.Reason.UNEXPECTED_ENTRY;
import static io.promptstream.adapters.verify.AdapterVerificationException.Reason.UNREADABLE;
import static io.promptstream.adapters.verify.AdapterVerificationException.Reason.UNSUPPORTED_MANIFEST_VERSION;
import static io.promptstream.adapters.verify.AdapterVerificationException.Reason.WRONG_SHAPE;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.promptstream.adapters.internal.PathSegments;
import io.promptstream.adapters.internal.Sha256;
import io.promptstream.adapters.manifest.AdapterFiles;
import io.promptstream.adapters.manifest.AdapterManifest;
import io.promptstream.adapters.manifest.HeadShape;
import io.promptstream.adapters.manifest.ManifestJson;
import io.promptstream.runtime.safetensors.InvalidSafetensorsException;
import io.promptstream.runtime.safetensors.SafetensorsHeader;
import io.promptstream.runtime.safetensors.TensorInfo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Checks an adapter directory before any of its bytes reach a model runtime. The checks run in this
 * order, cheapest and most telling first, and the first failure ends verification with an {@link
 * AdapterVerificationException} naming it:
 *
 * <ol>
 *   <li>the directory exists ({@code MISSING_MANIFEST}); every entry is a regular file, not a
 *       directory or link ({@code UNEXPECTED_ENTRY}), and none has the name of a pickle or
 *       TorchScript format ({@code EXECUTABLE_FILE}); {@code manifest.json} is present ({@code
 *       MISSING_MANIFEST});
 *   <li>the manifest is at most {@link #DEFAULT_MAX_MANIFEST_BYTES} (or the configured cap) ({@code
 *       MALFORMED_MANIFEST}), and its sha256 equals the expected one when one is expected ({@code
 *       MANIFEST_HASH_MISMATCH}); the bytes hashed are the bytes parsed;
 *   <li>the manifest parses with every required field and lists only plain file names with sha256
 *       hex values ({@code MALFORMED_MANIFEST}), in a schema version this code reads ({@code
 *       UNSUPPORTED_MANIFEST_VERSION});
 *   <li>it names the expected target and version ({@code IDENTITY_MISMATCH}), the running trunk's
 *       fingerprint ({@code FINGERPRINT_MISMATCH}) and the trunk's sizes ({@code WRONG_SHAPE});
 *   <li>the weights have a hash and so does every other file ({@code MISSING_HASH}), every hash has
 *       a file ({@code MISSING_FILE}), and every file matches its hash ({@code HASH_MISMATCH});
 *   <li>{@code adapter.safetensors}, hashed and parsed through one open channel, has a valid header
 *       ({@code INVALID_SAFETENSORS}, or {@code EXECUTABLE_FILE} for pickle or zip content) holding
 *       exactly the head's tensors ({@code UNEXPECTED_TENSOR}, {@code MISSING_TENSOR}) in F32, F16
 *       or BF16 ({@code UNSUPPORTED_DTYPE}) with the trunk's shapes ({@code WRONG_SHAPE}).
 * </ol>
 *
 * <p>Files are streamed, never read whole, except the size-capped manifest. Verification reads
 * only; it never changes the directory. Instances are stateless and thread-safe.
 */
public final class AdapterVerifier {

  /** Largest accepted {@code manifest.json}: far above any real manifest, far below a DoS. */
  public static final int DEFAULT_MAX_MANIFEST_BYTES = 1024 * 1024;

  private final int maxManifestBytes;

  /** A verifier accepting manifests up to {@link #DEFAULT_MAX_MANIFEST_BYTES}. */
  public AdapterVerifier() {
    this(DEFAULT_MAX_MANIFEST_BYTES);
  }

  /**
   * A verifier with another manifest size cap.
   *
   * @throws IllegalArgumentException when {@code maxManifestBytes} is not positive
   */
  public AdapterVerifier(int maxManifestBytes) {
    if (maxManifestBytes <= 0) {
      throw new IllegalArgumentException(
          "maxManifestBytes must be positive, but was " + maxManifestBytes);
    }
    this.maxManifestBytes = maxManifestBytes;
  }

  /**
   * Verifies an adapter directory.
   *
   * @param directory the artifact directory
   * @param expected what the adapter must match
   * @return the verified adapter
   * @throws AdapterVerificationException when any check fails or a file cannot be read; the
   *     directory must then not be loaded
   */
  public VerifiedAdapter verify(Path directory, AdapterExpectations expected)
      throws AdapterVerificationException {
    try {
      return check(directory, expected);
    } catch (AdapterVerificationException e) {
      throw e;
    } catch (IOException e) {
      throw new AdapterVerificationException(directory, UNREADABLE, e.toString(), e);
    }
  }

  private VerifiedAdapter check(Path dir, AdapterExpectations expected) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw refuse(dir, MISSING_MANIFEST, "the directory does not exist");
    }
    TreeSet<String> fileNames = listRegularFiles(dir);
    if (!fileNames.contains(AdapterFiles.MANIFEST)) {
      throw refuse(dir, MISSING_MANIFEST, "no " + AdapterFiles.MANIFEST);
    }
    byte[] manifestBytes = readManifest(dir);
    String manifestSha256 = Sha256.hex(manifestBytes);
    if (expected.manifestSha256() != null && !expected.manifestSha256().equals(manifestSha256)) {
      throw refuse(
          dir,
          MANIFEST_HASH_MISMATCH,
          "expected sha256 " + expected.manifestSha256() + " but found " + manifestSha256);
    }
    AdapterManifest manifest = parseManifest(dir, manifestBytes);
    checkIdentity(dir, manifest, expected);
    checkFiles(dir, manifest, fileNames);
    List<TensorInfo> tensors = checkWeights(dir, manifest, expected);
    return new VerifiedAdapter(
        manifest, dir, dir.resolve(AdapterFiles.WEIGHTS), manifestSha256, tensors);
  }

  private static TreeSet<String> listRegularFiles(Path dir) throws IOException {
    TreeSet<String> names = new TreeSet<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        if (AdapterFiles.isExecutableFormat(name)) {
          throw refuse(dir, EXECUTABLE_FILE, name + " has a format that can execute code");
        }
        BasicFileAttributes attrs =
            Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!attrs.isRegularFile()) {
          throw refuse(dir, UNEXPECTED_ENTRY, name + " is not a regular file");
        }
        names.add(name);
      }
    }
    return names;
  }

  private byte[] readManifest(Path dir) throws IOException {
    byte[] bytes;
    try (InputStream in = Files.newInputStream(dir.resolve(AdapterFiles.MANIFEST))) {
      bytes = in.readNBytes(maxManifestBytes + 1);
    }
    if (bytes.length > maxManifestBytes) {
      throw refuse(dir, MALFORMED_MANIFEST, "larger than " + maxManifestBytes + " bytes");
    }
    return bytes;
  }

  private static AdapterManifest parseManifest(Path dir, byte[] bytes)
      throws AdapterVerificationException {
    AdapterManifest manifest;
    try {
      manifest = ManifestJson.read(bytes);
    } catch (JsonProcessingException e) {
      throw new AdapterVerificationException(dir, MALFORMED_MANIFEST, e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new AdapterVerificationException(dir, MALFORMED_MANIFEST, e.getMessage(), e);
    }
    if (manifest.schemaVersion() > AdapterManifest.CURRENT_SCHEMA_VERSION) {
      throw refuse(
          dir,
          UNSUPPORTED_MANIFEST_VERSION,
          "schemaVersion "
              + manifest.schemaVersion()
              + " is newer than "
              + AdapterManifest.CURRENT_SCHEMA_VERSION);
    }
    for (Map.Entry<String, String> file : manifest.files().entrySet()) {
      if (!PathSegments.isSafe(file.getKey()) || file.getKey().equals(AdapterFiles.MANIFEST)) {
        throw refuse(
            dir, MALFORMED_MANIFEST, "files lists an invalid name '" + file.getKey() + "'");
      }
      if (!Sha256.isHex(file.getValue())) {
        throw refuse(
            dir, MALFORMED_MANIFEST, "files." + file.getKey() + " is not a lowercase sha256 hex");
      }
    }
    return manifest;
  }

  private static void checkIdentity(
      Path dir, AdapterManifest manifest, AdapterExpectations expected)
      throws AdapterVerificationException {
    if (expected.targetLlm() != null && !expected.targetLlm().equals(manifest.targetLlm())) {
      throw refuse(
          dir,
          IDENTITY_MISMATCH,
          "manifest is for target '"
              + manifest.targetLlm()
              + "', expected '"
              + expected.targetLlm()
              + "'");
    }
    if (expected.version() != null && !expected.version().equals(manifest.version())) {
      throw refuse(
          dir,
          IDENTITY_MISMATCH,
          "manifest is version '"
              + manifest.version()
              + "', expected '"
              + expected.version()
              + "'");
    }
    if (!expected.baseModelFingerprint().equals(manifest.baseModelFingerprint())) {
      throw refuse(
          dir,
          FINGERPRINT_MISMATCH,
          "head was trained on trunk "
              + manifest.baseModelFingerprint()
              + " but the running trunk is "
              + expected.baseModelFingerprint());
    }
    HeadShape head = manifest.head();
    if (head.hiddenSize() != expected.hiddenSize() || head.vocabSize() != expected.vocabSize()) {
      throw refuse(
          dir,
          WRONG_SHAPE,
          "manifest declares hiddenSize="
              + head.hiddenSize()
              + ", vocabSize="
              + head.vocabSize()
              + " but the trunk has hiddenSize="
              + expected.hiddenSize()
              + ", vocabSize="
              + expected.vocabSize());
    }
  }

  private static void checkFiles(Path dir, AdapterManifest manifest, TreeSet<String> present)
      throws IOException {
    if (manifest.sha256Of(AdapterFiles.WEIGHTS) == null) {
      throw refuse(dir, MISSING_HASH, "the manifest has no sha256 for " + AdapterFiles.WEIGHTS);
    }
    for (String name : present) {
      if (!name.equals(AdapterFiles.MANIFEST) && manifest.sha256Of(name) == null) {
        throw refuse(dir, MISSING_HASH, name + " is not listed in the manifest");
      }
    }
    for (String name : manifest.files().keySet()) {
      if (!present.contains(name)) {
        throw refuse(dir, MISSING_FILE, name + " is listed in the manifest but absent");
      }
    }
    for (Map.Entry<String, String> file : manifest.files().entrySet()) {
      if (!file.getKey().equals(AdapterFiles.WEIGHTS)) {
        checkHash(dir, file.getKey(), file.getValue(), Sha256.hex(dir.resolve(file.getKey())));
      }
    }
  }

  private static List<TensorInfo> checkWeights(
      Path dir, AdapterManifest manifest, AdapterExpectations expected) throws IOException {
    Path weights = dir.resolve(AdapterFiles.WEIGHTS);
    SafetensorsHeader header;
    // One channel for hash and header: the header validated is of the bytes that were hashed.
    try (FileChannel channel = FileChannel.open(weights, StandardOpenOption.READ)) {
      checkHash(
          dir, AdapterFiles.WEIGHTS, manifest.sha256Of(AdapterFiles.WEIGHTS), Sha256.hex(channel));
      try {
        header = SafetensorsHeader.read(channel, weights);
      } catch (InvalidSafetensorsException e) {
        boolean executable = e.reason() == InvalidSafetensorsException.Reason.EXECUTABLE_FORMAT;
        throw new AdapterVerificationException(
            dir, executable ? EXECUTABLE_FILE : INVALID_SAFETENSORS, e.getMessage(), e);
      }
    }
    HeadTensorCheck.check(dir, header.tensors(), manifest.head(), expected);
    return header.tensors();
  }

  private static void checkHash(Path dir, String name, String recorded, String actual)
      throws AdapterVerificationException {
    if (!recorded.equals(actual)) {
      throw refuse(
          dir,
          HASH_MISMATCH,
          name + " has sha256 " + actual + " but the manifest records " + recorded);
    }
  }

  static AdapterVerificationException refuse(
      Path dir, AdapterVerificationException.Reason reason, String message) {
    return new AdapterVerificationException(dir, reason, message);
  }
}
