package io.promptstream.adapters.release;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;

/**
 * A change of one adapter version's stage, announced after the store has made it durable.
 *
 * @param targetLlm the target LLM (the key of a release topic)
 * @param version the version the event is about
 * @param parentVersion the version's parent on record, or {@code null}
 * @param stage what happened to the version
 * @param baseModelFingerprint the trunk the version was trained on; {@code null} only in a {@link
 *     ReleaseStage#ROLLED_BACK} event for a version whose manifest can no longer be read
 * @param location where the artifact lives in the store
 * @param manifestSha256 sha256 of the version's {@code manifest.json}; a gateway passes it to
 *     verification so it loads exactly the announced artifact
 * @param reason why (an operator's note, a rollback cause), or {@code null}
 * @param releasedAt when the store made the change
 */
public record ReleaseEvent(
    String targetLlm,
    String version,
    String parentVersion,
    ReleaseStage stage,
    String baseModelFingerprint,
    URI location,
    String manifestSha256,
    String reason,
    Instant releasedAt) {

  /**
   * Creates an event; every field but {@code parentVersion}, {@code reason} and (for a roll back)
   * {@code baseModelFingerprint} is required.
   */
  public ReleaseEvent {
    Objects.requireNonNull(targetLlm, "targetLlm");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(stage, "stage");
    if (baseModelFingerprint == null && stage != ReleaseStage.ROLLED_BACK) {
      throw new NullPointerException("baseModelFingerprint");
    }
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(manifestSha256, "manifestSha256");
    Objects.requireNonNull(releasedAt, "releasedAt");
  }
}
