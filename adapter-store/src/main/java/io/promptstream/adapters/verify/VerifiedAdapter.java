package io.promptstream.adapters.verify;

import io.promptstream.adapters.manifest.AdapterManifest;
import io.promptstream.runtime.safetensors.TensorInfo;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * An adapter directory that passed every check of {@link AdapterVerifier}: the only form in which
 * an adapter is handed to a loader.
 *
 * @param manifest the parsed manifest
 * @param directory the verified directory
 * @param weightsFile its {@code adapter.safetensors}
 * @param manifestSha256 sha256 of the {@code manifest.json} bytes that were verified
 * @param tensors the validated tensor entries, in file order
 */
public record VerifiedAdapter(
    AdapterManifest manifest,
    Path directory,
    Path weightsFile,
    String manifestSha256,
    List<TensorInfo> tensors) {

  /** Creates the value; the tensor list is copied. */
  public VerifiedAdapter {
    Objects.requireNonNull(manifest, "manifest");
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(weightsFile, "weightsFile");
    Objects.requireNonNull(manifestSha256, "manifestSha256");
    tensors = List.copyOf(tensors);
  }

  /** The manifest's target LLM. */
  public String targetLlm() {
    return manifest.targetLlm();
  }

  /** The manifest's version. */
  public String version() {
    return manifest.version();
  }
}
