package io.promptstream.runtime.training;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.promptstream.runtime.adapter.AdapterHead;
import io.promptstream.runtime.adapter.AdapterHeadIo;
import io.promptstream.runtime.adapter.HeadId;
import io.promptstream.runtime.training.data.RewriteStyle;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a trained head as an adapter directory: {@value #WEIGHTS_FILE} (the head's tensors) and
 * {@value #MANIFEST_FILE} in the adapter store's manifest layout (schema version, target LLM,
 * version, parent version, base-model fingerprint, head shape, sha256 of {@value #WEIGHTS_FILE},
 * creation time, training-data summary, metrics), plus the rewrite style the head was trained on.
 * Readers of the store ignore the extra field.
 *
 * <p>The creation time is given by the caller, so a seeded recipe writes identical manifests on
 * every run.
 */
public final class HeadArtifact {

  /** The weights file of an adapter directory. */
  public static final String WEIGHTS_FILE = "adapter.safetensors";

  /** The manifest file of an adapter directory. */
  public static final String MANIFEST_FILE = "manifest.json";

  private HeadArtifact() {}

  /**
   * What a manifest says.
   *
   * @param id the head's target LLM and version
   * @param hiddenSize the head's input width
   * @param vocabSize the head's vocabulary
   * @param lmHeadBias whether the LM head has a bias
   * @param baseModelFingerprint the trunk's fingerprint ({@code ModelFingerprint.of})
   * @param createdAt the recorded creation time
   * @param examples training examples
   * @param source where they came from
   * @param weighting how they were weighted
   * @param style the style trained on, or {@code null}
   * @param metrics evaluation results (finite values)
   */
  public record Description(
      HeadId id,
      long hiddenSize,
      long vocabSize,
      boolean lmHeadBias,
      String baseModelFingerprint,
      Instant createdAt,
      long examples,
      String source,
      String weighting,
      RewriteStyle style,
      Map<String, Double> metrics) {

    /** A description of a head's identity and shape plus the rest. */
    public static Description of(
        AdapterHead head,
        String baseModelFingerprint,
        Instant createdAt,
        long examples,
        String source,
        String weighting,
        RewriteStyle style,
        Map<String, Double> metrics) {
      return new Description(
          head.id(),
          head.hiddenSize(),
          head.vocabSize(),
          head.parameters().containsKey(AdapterHead.LM_HEAD_BIAS),
          baseModelFingerprint,
          createdAt,
          examples,
          source,
          weighting,
          style,
          Map.copyOf(metrics));
    }
  }

  /** Writes the weights; the manifest follows with {@link #writeManifest}. */
  public static Path writeWeights(AdapterHead head, Path dir) throws IOException {
    Files.createDirectories(dir);
    Path file = dir.resolve(WEIGHTS_FILE);
    AdapterHeadIo.write(head, file);
    return file;
  }

  /**
   * Writes {@value #MANIFEST_FILE} for the weights already in {@code dir}.
   *
   * @param dir the adapter directory
   * @param d the manifest's content
   */
  public static void writeManifest(Path dir, Description d) throws IOException {
    ObjectMapper json = new ObjectMapper();
    ObjectNode m = json.createObjectNode();
    m.put("schemaVersion", 1);
    m.put("targetLlm", d.id().targetLlm());
    m.put("version", d.id().version());
    m.putNull("parentVersion");
    m.put("baseModelFingerprint", d.baseModelFingerprint());
    ObjectNode shape = m.putObject("head");
    shape.put("hiddenSize", d.hiddenSize());
    shape.put("vocabSize", d.vocabSize());
    shape.put("hasLmHeadBias", d.lmHeadBias());
    m.putObject("files").put(WEIGHTS_FILE, sha256(dir.resolve(WEIGHTS_FILE)));
    m.put("createdAt", d.createdAt().toString());
    ObjectNode data = m.putObject("trainingData");
    data.put("examples", d.examples());
    data.putArray("sources").add(d.source());
    data.put("weighting", d.weighting());
    data.putNull("collectedFrom");
    data.putNull("collectedUntil");
    ObjectNode metrics = m.putObject("metrics");
    new TreeMap<>(d.metrics())
        .forEach(
            (k, v) -> {
              if (v != null && !v.isNaN() && !v.isInfinite()) {
                metrics.put(k, Math.round(v * 10000) / 10000.0);
              }
            });
    if (d.style() != null) {
      m.put("style", d.style().key());
    }
    Files.write(
        dir.resolve(MANIFEST_FILE), json.writerWithDefaultPrettyPrinter().writeValueAsBytes(m));
  }

  /**
   * Sets metrics in an existing {@value #MANIFEST_FILE}, keeping every other field and metric.
   * Non-finite values are left out.
   *
   * @throws IOException when the manifest is missing or not a JSON object
   */
  public static void updateMetrics(Path dir, Map<String, Double> metrics) throws IOException {
    Path file = dir.resolve(MANIFEST_FILE);
    ObjectMapper json = new ObjectMapper();
    JsonNode root = json.readTree(file.toFile());
    if (root == null || !root.isObject()) {
      throw new IOException(file + " is not a JSON object");
    }
    ObjectNode m = (ObjectNode) root;
    JsonNode existing = m.get("metrics");
    Map<String, Double> merged = new TreeMap<>();
    if (existing != null && existing.isObject()) {
      existing.fields().forEachRemaining(e -> merged.put(e.getKey(), e.getValue().asDouble()));
    }
    merged.putAll(metrics);
    ObjectNode out = json.createObjectNode();
    merged.forEach(
        (k, v) -> {
          if (v != null && !v.isNaN() && !v.isInfinite()) {
            out.put(k, Math.round(v * 10000) / 10000.0);
          }
        });
    m.set("metrics", out);
    Files.write(file, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(m));
  }

  /** The lowercase hex sha256 of a file. */
  public static String sha256(Path file) throws IOException {
    try (InputStream in =
        new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
      byte[] buffer = new byte[1 << 16];
      while (in.read(buffer) >= 0) {
        // reading feeds the digest
      }
      return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }
}
