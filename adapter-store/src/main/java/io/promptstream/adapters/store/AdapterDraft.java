package io.promptstream.adapters.store;

import io.promptstream.adapters.internal.PathSegments;
import io.promptstream.adapters.manifest.HeadShape;
import io.promptstream.adapters.manifest.TrainingDataSummary;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * What a trainer hands to {@link AdapterStore#publish}: the head's weights and the facts the store
 * cannot know. The store adds the version (unless given), the file hashes and the creation time.
 *
 * <pre>{@code
 * AdapterDraft draft = AdapterDraft.builder()
 *     .setTargetLlm("llama-3-8b")
 *     .setWeights(trainedHead)                    // a safetensors file
 *     .setBaseModelFingerprint(trunkFingerprint)
 *     .setHead(new HeadShape(2560, 51200, false))
 *     .optParentVersion("v000003")
 *     .optTrainingData(TrainingDataSummary.of(1800, "feedback.judgments"))
 *     .optMetrics(Map.of("win_rate", 0.91))
 *     .build();
 * }</pre>
 *
 * @param targetLlm the target LLM; a safe path segment
 * @param weights the safetensors file to publish (copied; the source is left as is)
 * @param baseModelFingerprint the fingerprint of the trunk the head was trained on
 * @param head the head's dimensions, checked against the weights before publication
 * @param version the version name, or {@code null} to let the store assign the next one
 * @param parentVersion the version the head was trained from, or {@code null}
 * @param trainingData what the head was trained on, or {@code null}
 * @param metrics evaluation results; empty when none
 */
public record AdapterDraft(
    String targetLlm,
    Path weights,
    String baseModelFingerprint,
    HeadShape head,
    String version,
    String parentVersion,
    TrainingDataSummary trainingData,
    Map<String, Double> metrics) {

  /**
   * Creates a draft.
   *
   * @throws IllegalArgumentException naming the field when a name is not a safe path segment, the
   *     fingerprint is blank or a metric is not finite
   * @throws NullPointerException naming the field when {@code weights} or {@code head} is null
   */
  public AdapterDraft {
    PathSegments.requireSafe(targetLlm, "targetLlm");
    Objects.requireNonNull(weights, "weights");
    if (baseModelFingerprint == null || baseModelFingerprint.isBlank()) {
      throw new IllegalArgumentException("baseModelFingerprint must not be null or blank");
    }
    Objects.requireNonNull(head, "head");
    if (version != null) {
      PathSegments.requireSafe(version, "version");
    }
    if (parentVersion != null) {
      PathSegments.requireSafe(parentVersion, "parentVersion");
    }
    metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
    metrics.forEach(
        (name, value) -> {
          if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("metric " + name + " must be finite, was " + value);
          }
        });
  }

  /** A builder: {@code set*} are required, {@code opt*} optional. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds an {@link AdapterDraft}. */
  public static final class Builder {
    private String targetLlm;
    private Path weights;
    private String baseModelFingerprint;
    private HeadShape head;
    private String version;
    private String parentVersion;
    private TrainingDataSummary trainingData;
    private Map<String, Double> metrics = Map.of();

    private Builder() {}

    /** The target LLM (required). */
    public Builder setTargetLlm(String targetLlm) {
      this.targetLlm = targetLlm;
      return this;
    }

    /** The safetensors file holding the head (required). */
    public Builder setWeights(Path weights) {
      this.weights = weights;
      return this;
    }

    /** The trunk's fingerprint (required). */
    public Builder setBaseModelFingerprint(String baseModelFingerprint) {
      this.baseModelFingerprint = baseModelFingerprint;
      return this;
    }

    /** The head's dimensions (required). */
    public Builder setHead(HeadShape head) {
      this.head = head;
      return this;
    }

    /** The version name; default: the store assigns the next one. */
    public Builder optVersion(String version) {
      this.version = version;
      return this;
    }

    /** The version the head was trained from; default: none (identity initialisation). */
    public Builder optParentVersion(String parentVersion) {
      this.parentVersion = parentVersion;
      return this;
    }

    /** What the head was trained on; default: not recorded. */
    public Builder optTrainingData(TrainingDataSummary trainingData) {
      this.trainingData = trainingData;
      return this;
    }

    /** Evaluation results by name; default: none. */
    public Builder optMetrics(Map<String, Double> metrics) {
      this.metrics = metrics;
      return this;
    }

    /**
     * Builds the draft.
     *
     * @throws IllegalArgumentException naming the field when one is invalid
     * @throws NullPointerException naming the field when {@code weights} or {@code head} is missing
     */
    public AdapterDraft build() {
      return new AdapterDraft(
          targetLlm,
          weights,
          baseModelFingerprint,
          head,
          version,
          parentVersion,
          trainingData,
          metrics);
    }
  }
}
