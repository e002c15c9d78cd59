package io.promptstream.adapters.manifest;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.promptstream.adapters.internal.Json;
import java.io.IOException;

/**
 * Reads and writes {@code manifest.json}. Writing is deterministic (fields in declaration order,
 * maps in name order), so the same manifest always has the same sha256.
 */
public final class ManifestJson {

  private ManifestJson() {}

  /** The manifest as UTF-8 JSON. */
  public static byte[] write(AdapterManifest manifest) {
    try {
      return Json.mapper().writeValueAsBytes(manifest);
    } catch (JsonProcessingException e) {
      // Every field is a plain value: a failure here is a programming error.
      throw new IllegalStateException("cannot serialise manifest", e);
    }
  }

  /**
   * Parses a manifest. Unknown properties are ignored; the schema version is not checked here (the
   * verifier refuses versions newer than {@link AdapterManifest#CURRENT_SCHEMA_VERSION}).
   *
   * @throws IOException when the bytes are not JSON, a key is duplicated, or a required field is
   *     missing or invalid
   */
  public static AdapterManifest read(byte[] json) throws IOException {
    AdapterManifest manifest = Json.mapper().readValue(json, AdapterManifest.class);
    if (manifest == null) {
      throw new IOException("manifest is JSON null");
    }
    return manifest;
  }
}
