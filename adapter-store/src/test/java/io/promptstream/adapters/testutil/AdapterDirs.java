package io.promptstream.adapters.testutil;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.promptstream.adapters.manifest.AdapterManifest;
import io.promptstream.adapters.manifest.HeadShape;
import io.promptstream.adapters.manifest.ManifestJson;
import io.promptstream.adapters.manifest.TrainingDataSummary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;

/** Adapter directories written by hand, as an outside tool would, for verification tests. */
public final class AdapterDirs {

  /** The target of hand-written directories. */
  public static final String TARGET = "llama-3-8b";

  /** The version of hand-written directories. */
  public static final String VERSION = "v000001";

  private AdapterDirs() {}

  /** Writes a valid directory with the given head tensors and head shape. */
  public static Path write(Path dir, TestSafetensors weights, HeadShape head) throws IOException {
    Files.createDirectories(dir);
    Path file = weights.write(dir.resolve("adapter.safetensors"));
    AdapterManifest manifest =
        new AdapterManifest(
            1,
            TARGET,
            VERSION,
            null,
            Adapters.TRUNK,
            head,
            Map.of("adapter.safetensors", sha256(file)),
            Instant.parse("2025-03-01T10:00:00Z"),
            TrainingDataSummary.of(10, "test"),
            Map.of("win_rate", 0.8));
    Files.write(dir.resolve("manifest.json"), ManifestJson.write(manifest));
    return dir;
  }

  /** Writes a valid directory for the tiny trunk. */
  public static Path writeValid(Path dir) throws IOException {
    return write(dir, Adapters.validHead(), Adapters.HEAD);
  }

  /** Records a file's current sha256 in the manifest, so only later checks can notice an edit. */
  public static void rehash(Path dir, String fileName) throws IOException {
    String hash = sha256(dir.resolve(fileName));
    Tamper.editJson(
        dir.resolve("manifest.json"), m -> ((ObjectNode) m.get("files")).put(fileName, hash));
  }

  /** sha256 hex of a file, computed independently of the code under test. */
  public static String sha256(Path file) throws IOException {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
