package io.promptstream.adapters.manifest;

import java.util.List;
import java.util.Locale;

/** Names of the files in an adapter artifact directory, and names that are never accepted. */
public final class AdapterFiles {

  /** The head's tensors. */
  public static final String WEIGHTS = "adapter.safetensors";

  /** The artifact's description and the sha256 of every other file. */
  public static final String MANIFEST = "manifest.json";

  /**
   * File name endings of formats that can execute code when loaded (Python pickle, {@code
   * torch.save}, TorchScript, checkpoints built on them). A directory holding any of them is
   * refused, even when the file is listed in the manifest.
   */
  public static final List<String> EXECUTABLE_SUFFIXES =
      List.of(".bin", ".pt", ".pth", ".ckpt", ".pkl", ".pickle");

  private AdapterFiles() {}

  /** Whether a file name ends in one of {@link #EXECUTABLE_SUFFIXES}, ignoring case. */
  public static boolean isExecutableFormat(String fileName) {
    String lower = fileName.toLowerCase(Locale.ROOT);
    return EXECUTABLE_SUFFIXES.stream().anyMatch(lower::endsWith);
  }
}
