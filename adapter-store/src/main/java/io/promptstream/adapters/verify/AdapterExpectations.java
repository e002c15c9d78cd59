package io.promptstream.adapters.verify;

import io.promptstream.adapters.internal.Sha256;
import java.util.Objects;

/**
 * What an adapter must match to sit on the running trunk, and optionally which artifact it must be.
 *
 * <pre>{@code
 * AdapterExpectations trunk = AdapterExpectations.builder()
 *     .setBaseModelFingerprint(BaseModelFingerprint.of(checkpointDir))
 *     .setHiddenSize(2560)
 *     .setVocabSize(51200)
 *     .build();
 * }</pre>
 *
 * @param baseModelFingerprint the running trunk's fingerprint
 * @param hiddenSize the trunk's hidden size
 * @param vocabSize the trunk's LM head rows
 * @param targetLlm the target the manifest must name, or {@code null} for any
 * @param version the version the manifest must name, or {@code null} for any
 * @param manifestSha256 the sha256 {@code manifest.json} must have (as announced in a release), or
 *     {@code null} to skip that check
 */
public record AdapterExpectations(
    String baseModelFingerprint,
    int hiddenSize,
    int vocabSize,
    String targetLlm,
    String version,
    String manifestSha256) {

  /**
   * Creates expectations.
   *
   * @throws IllegalArgumentException naming the field when the fingerprint is blank, a size is not
   *     positive, or the manifest sha256 is not 64 lowercase hex characters
   */
  public AdapterExpectations {
    if (baseModelFingerprint == null || baseModelFingerprint.isBlank()) {
      throw new IllegalArgumentException("baseModelFingerprint must not be null or blank");
    }
    if (hiddenSize <= 0) {
      throw new IllegalArgumentException("hiddenSize must be positive, but was " + hiddenSize);
    }
    if (vocabSize <= 0) {
      throw new IllegalArgumentException("vocabSize must be positive, but was " + vocabSize);
    }
    if (manifestSha256 != null && !Sha256.isHex(manifestSha256)) {
      throw new IllegalArgumentException(
          "manifestSha256 must be 64 lowercase hex characters, but was '" + manifestSha256 + "'");
    }
  }

  /** A builder; fingerprint, hidden size and vocabulary size are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** These expectations, bound to one artifact (replacing any target or version set before). */
  public AdapterExpectations forVersion(String targetLlm, String version) {
    return forVersion(targetLlm, version, manifestSha256);
  }

  /**
   * These expectations, bound to one artifact and manifest hash (replacing any set before).
   *
   * @param manifestSha256 the hash {@code manifest.json} must have, or {@code null} for any
   */
  public AdapterExpectations forVersion(String targetLlm, String version, String manifestSha256) {
    return new AdapterExpectations(
        baseModelFingerprint, hiddenSize, vocabSize, targetLlm, version, manifestSha256);
  }

  /** Builds {@link AdapterExpectations}: {@code set*} are required, {@code opt*} optional. */
  public static final class Builder {
    private String baseModelFingerprint;
    private int hiddenSize;
    private int vocabSize;
    private String targetLlm;
    private String version;
    private String manifestSha256;

    private Builder() {}

    /** The running trunk's fingerprint (required). */
    public Builder setBaseModelFingerprint(String fingerprint) {
      this.baseModelFingerprint = Objects.requireNonNull(fingerprint, "baseModelFingerprint");
      return this;
    }

    /** The trunk's hidden size (required). */
    public Builder setHiddenSize(int hiddenSize) {
      this.hiddenSize = hiddenSize;
      return this;
    }

    /** The trunk's LM head rows (required). */
    public Builder setVocabSize(int vocabSize) {
      this.vocabSize = vocabSize;
      return this;
    }

    /** The target the manifest must name; default: any. */
    public Builder optTargetLlm(String targetLlm) {
      this.targetLlm = targetLlm;
      return this;
    }

    /** The version the manifest must name; default: any. */
    public Builder optVersion(String version) {
      this.version = version;
      return this;
    }

    /** The sha256 {@code manifest.json} must have; default: not checked. */
    public Builder optManifestSha256(String manifestSha256) {
      this.manifestSha256 = manifestSha256;
      return this;
    }

    /**
     * Builds the expectations.
     *
     * @throws IllegalArgumentException naming the field when a required one is missing or invalid
     */
    public AdapterExpectations build() {
      return new AdapterExpectations(
          baseModelFingerprint, hiddenSize, vocabSize, targetLlm, version, manifestSha256);
    }
  }
}
