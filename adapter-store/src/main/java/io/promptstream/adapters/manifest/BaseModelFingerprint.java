package io.promptstream.adapters.manifest;

import io.promptstream.adapters.internal.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The fingerprint of a trunk: what an adapter head records as the model it was trained on and what
 * a gateway compares with the trunk it runs.
 *
 * <p>It is the sha256 (lowercase hex) of the lines {@code <file name>\n<sha256 of the file>\n} for
 * {@code config.json} and then every {@code *.safetensors} file of the checkpoint directory, in
 * name order. The tokenizer is not part of it: a head depends on the trunk's weights and
 * architecture, and a tokenizer change that alters them changes the weights too.
 *
 * <p>Every weight file is read once, in constant memory; compute the fingerprint once at start-up
 * and keep it.
 */
public final class BaseModelFingerprint {

  /** The checkpoint's architecture file. */
  public static final String CONFIG_FILE = "config.json";

  private BaseModelFingerprint() {}

  /**
   * Computes the fingerprint of a Hugging Face checkpoint directory.
   *
   * @param checkpointDir directory with {@code config.json} and one or more {@code *.safetensors}
   * @throws NoSuchFileException when {@code config.json} or every weight file is missing
   */
  public static String of(Path checkpointDir) throws IOException {
    Path config = checkpointDir.resolve(CONFIG_FILE);
    if (!Files.isRegularFile(config)) {
      throw new NoSuchFileException(config.toString(), null, "a checkpoint needs " + CONFIG_FILE);
    }
    List<Path> weights = new ArrayList<>();
    try (Stream<Path> files = Files.list(checkpointDir)) {
      files
          .filter(p -> p.getFileName().toString().endsWith(".safetensors"))
          .filter(Files::isRegularFile)
          .sorted()
          .forEach(weights::add);
    }
    if (weights.isEmpty()) {
      throw new NoSuchFileException(checkpointDir.toString(), null, "no *.safetensors weights");
    }
    List<Path> parts = new ArrayList<>();
    parts.add(config);
    parts.addAll(weights);
    MessageDigest digest = Sha256.newDigest();
    for (Path part : parts) {
      String line = part.getFileName() + "\n" + Sha256.hex(part) + "\n";
      digest.update(line.getBytes(StandardCharsets.UTF_8));
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
