package io.promptstream.adapters.store;

import io.promptstream.adapters.manifest.AdapterManifest;
import java.net.URI;
import java.util.Objects;

/**
 * A published version as listed by a store. Listing does not verify: only {@link AdapterStore#load}
 * and {@link AdapterStore#loadActive} hand out something to load.
 *
 * @param targetLlm the target LLM
 * @param version the version
 * @param location where the artifact lives (a {@code file:} URI for the filesystem store)
 * @param manifestSha256 sha256 of the manifest as read when listing
 * @param manifest the parsed manifest
 */
public record AdapterVersion(
    String targetLlm,
    String version,
    URI location,
    String manifestSha256,
    AdapterManifest manifest) {

  /** Creates the value; every field is required. */
  public AdapterVersion {
    Objects.requireNonNull(targetLlm, "targetLlm");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(manifestSha256, "manifestSha256");
    Objects.requireNonNull(manifest, "manifest");
  }
}
