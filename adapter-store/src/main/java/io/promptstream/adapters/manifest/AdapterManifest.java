package io.promptstream.adapters.manifest;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The description of one immutable adapter version, stored as {@code manifest.json} next to {@code
 * adapter.safetensors}.
 *
 * <p>Evolution: fields may be added without changing {@link #schemaVersion()}, and readers ignore
 * fields they do not know. {@code schemaVersion} is raised only for a change an older reader must
 * not misread; such a reader refuses the manifest (see {@link #CURRENT_SCHEMA_VERSION}).
 *
 * @param schemaVersion format version, {@link #CURRENT_SCHEMA_VERSION} when written by this code
 * @param targetLlm the LLM the head rewrites prompts for
 * @param version this version's name, unique within the target
 * @param parentVersion the version this head was trained from, or {@code null} when it started from
 *     the identity initialisation
 * @param baseModelFingerprint fingerprint of the trunk the head was trained on (see {@link
 *     BaseModelFingerprint}); a gateway running another trunk refuses the head
 * @param head the head's dimensions
 * @param files sha256 (lowercase hex) of every other file in the directory, by file name
 * @param createdAt when the version was published
 * @param trainingData what the head was trained on, or {@code null} when not recorded
 * @param metrics evaluation results by name (e.g. {@code "win_rate"}), finite values only; empty
 *     when none were recorded
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AdapterManifest(
    int schemaVersion,
    String targetLlm,
    String version,
    String parentVersion,
    String baseModelFingerprint,
    HeadShape head,
    Map<String, String> files,
    Instant createdAt,
    TrainingDataSummary trainingData,
    Map<String, Double> metrics) {

  /** The format written by this code, and the newest one it reads. */
  public static final int CURRENT_SCHEMA_VERSION = 1;

  /**
   * Creates a manifest. Maps are copied into name order so the written JSON is stable.
   *
   * @throws IllegalArgumentException naming the field when a required field is missing or blank, or
   *     a metric is not finite
   */
  public AdapterManifest {
    if (schemaVersion < 1) {
      throw new IllegalArgumentException("schemaVersion must be >= 1, but was " + schemaVersion);
    }
    requireText(targetLlm, "targetLlm");
    requireText(version, "version");
    requireText(baseModelFingerprint, "baseModelFingerprint");
    Objects.requireNonNull(head, "head");
    Objects.requireNonNull(files, "files");
    Objects.requireNonNull(createdAt, "createdAt");
    if (parentVersion != null && parentVersion.isBlank()) {
      throw new IllegalArgumentException("parentVersion must be null or non-blank");
    }
    files = Collections.unmodifiableMap(new TreeMap<>(files));
    metrics = metrics == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(metrics));
    metrics.forEach(
        (name, value) -> {
          if (value == null || !Double.isFinite(value)) {
            throw new IllegalArgumentException("metric " + name + " must be finite, was " + value);
          }
        });
  }

  /** The sha256 recorded for a file, or {@code null} when the file is not listed. */
  public String sha256Of(String fileName) {
    return files.get(fileName);
  }

  private static void requireText(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(field + " must not be null or blank");
    }
  }
}
