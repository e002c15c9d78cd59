package io.promptstream.adapters.store;

import io.promptstream.adapters.manifest.AdapterManifest;
import io.promptstream.adapters.release.ReleaseEvent;
import io.promptstream.adapters.release.ReleaseStage;
import java.net.URI;
import java.time.Instant;
import java.util.Optional;

/** Builds release events from a version's manifest. */
final class ReleaseEvents {

  private ReleaseEvents() {}

  static ReleaseEvent of(
      AdapterManifest manifest,
      ReleaseStage stage,
      URI location,
      String manifestSha256,
      String reason,
      Instant at) {
    return new ReleaseEvent(
        manifest.targetLlm(),
        manifest.version(),
        manifest.parentVersion(),
        stage,
        manifest.baseModelFingerprint(),
        location,
        manifestSha256,
        reason,
        at);
  }

  /** A roll back's event for the withdrawn version, whose manifest may be unreadable by now. */
  static ReleaseEvent rolledBack(
      String target,
      String version,
      Optional<AdapterManifest> manifest,
      URI location,
      String manifestSha256,
      String reason,
      Instant at) {
    return new ReleaseEvent(
        target,
        version,
        manifest.map(AdapterManifest::parentVersion).orElse(null),
        ReleaseStage.ROLLED_BACK,
        manifest.map(AdapterManifest::baseModelFingerprint).orElse(null),
        location,
        manifestSha256,
        reason,
        at);
  }
}
