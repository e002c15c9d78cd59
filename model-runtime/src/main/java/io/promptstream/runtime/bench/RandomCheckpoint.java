package io.promptstream.runtime.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.promptstream.runtime.model.CheckpointFiles;
import io.promptstream.runtime.model.HfConfigJson;
import io.promptstream.runtime.model.ModelConfig;
import io.promptstream.runtime.safetensors.SafetensorsDType;
import io.promptstream.runtime.safetensors.SafetensorsWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Writes a randomly initialised Hugging Face model directory ({@code config.json}, safetensors
 * weights, a byte-level BPE {@code tokenizer.json}) for any supported configuration: the stand-in
 * for trained weights in tests and benchmarks.
 *
 * <pre>{@code
 * RandomCheckpoint.builder(config).optSeed(7).optDtype(SafetensorsDType.BF16).write(dir);
 * }</pre>
 */
public final class RandomCheckpoint {

  private final ModelConfig config;
  private long seed = 1;
  private float scale = 0.1f;
  private SafetensorsDType dtype = SafetensorsDType.F32;
  private int shards = 1;

  private RandomCheckpoint(ModelConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  /** A writer for the configuration (its vocabulary must be at least 257). */
  public static RandomCheckpoint builder(ModelConfig config) {
    return new RandomCheckpoint(config);
  }

  /** Seed of the weights; default 1. */
  public RandomCheckpoint optSeed(long seed) {
    this.seed = seed;
    return this;
  }

  /** Standard deviation of matrices and biases; default 0.1. */
  public RandomCheckpoint optScale(float scale) {
    this.scale = scale;
    return this;
  }

  /** Stored float type; default F32. */
  public RandomCheckpoint optDtype(SafetensorsDType dtype) {
    if (!dtype.isFloatingPoint()) {
      throw new IllegalArgumentException("dtype must be a float type");
    }
    this.dtype = dtype;
    return this;
  }

  /** Number of shard files (1 writes {@code model.safetensors}); default 1. */
  public RandomCheckpoint optShards(int shards) {
    if (shards < 1) {
      throw new IllegalArgumentException("shards must be >= 1");
    }
    this.shards = shards;
    return this;
  }

  /** Writes the directory (created if needed) and returns it. */
  public Path write(Path dir) throws IOException {
    Files.createDirectories(dir);
    HfConfigJson.write(config, dir.resolve("config.json"));
    ByteLevelBpe.write(dir.resolve("tokenizer.json"), config.vocabSize());
    SplittableRandom random = new SplittableRandom(seed);
    Map<String, HfTensorLayout.Spec> layout = HfTensorLayout.of(config);
    List<SafetensorsWriter> writers = new ArrayList<>();
    for (int i = 0; i < shards; i++) {
      writers.add(new SafetensorsWriter().metadata("format", "pt"));
    }
    ObjectNode index = new ObjectMapper().createObjectNode();
    ObjectNode weightMap = index.putObject("weight_map");
    int k = 0;
    for (Map.Entry<String, HfTensorLayout.Spec> e : layout.entrySet()) {
      HfTensorLayout.Spec spec = e.getValue();
      int shard = k++ % shards;
      writers.get(shard).add(e.getKey(), spec.shape(), values(spec, random), dtype);
      weightMap.put(e.getKey(), shardName(shard));
    }
    if (shards == 1) {
      writers.get(0).write(dir.resolve(CheckpointFiles.SINGLE_FILE));
    } else {
      for (int i = 0; i < shards; i++) {
        writers.get(i).write(dir.resolve(shardName(i)));
      }
      index.putObject("metadata");
      new ObjectMapper().writeValue(dir.resolve(CheckpointFiles.INDEX_FILE).toFile(), index);
    }
    return dir;
  }

  private String shardName(int shard) {
    return String.format("model-%05d-of-%05d.safetensors", shard + 1, shards);
  }

  private float[] values(HfTensorLayout.Spec spec, SplittableRandom random) {
    long n = 1;
    for (long d : spec.shape()) {
      n *= d;
    }
    float[] v = new float[Math.toIntExact(n)];
    for (int i = 0; i < v.length; i++) {
      double g = gaussian(random);
      switch (spec.kind()) {
        case NORM_WEIGHT -> v[i] = (float) (1.0 + 0.1 * g);
        case NORM_BIAS -> v[i] = (float) (0.05 * g);
        case BIAS -> v[i] = (float) (0.5 * scale * g);
        default -> v[i] = (float) (scale * g);
      }
    }
    return v;
  }

  private static double gaussian(SplittableRandom random) {
    // Box-Muller: SplittableRandom has no nextGaussian on Java 17.
    double u = 1.0 - random.nextDouble();
    double w = random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * w);
  }
}
