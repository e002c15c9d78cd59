package io.promptstream.runtime.bench;

import ai.djl.Device;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Settings of {@link ModelBenchmark}. Defaults measure the default prompter shape with random
 * weights on the preferred device.
 */
public final class BenchmarkOptions {

  /** Default batch sizes. */
  public static final List<Integer> DEFAULT_BATCH_SIZES = List.of(1, 2, 4, 8, 16, 32, 64);

  /** Default new tokens per request. */
  public static final int DEFAULT_NEW_TOKENS = 64;

  /** Default distinct heads in a mixed batch. */
  public static final int DEFAULT_MIXED_HEADS = 4;

  /** Default timed repetitions per point (the best is kept). */
  public static final int DEFAULT_REPEATS = 3;

  private final Path modelDir;
  private final List<Integer> batchSizes;
  private final int newTokens;
  private final int mixedHeads;
  private final int repeats;
  private final Device device;
  private final int threads;

  private BenchmarkOptions(Builder b) {
    this.modelDir = b.modelDir;
    this.batchSizes = b.batchSizes;
    this.newTokens = b.newTokens;
    this.mixedHeads = b.mixedHeads;
    this.repeats = b.repeats;
    this.device = b.device;
    this.threads = b.threads;
  }

  /** A builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** All defaults. */
  public static BenchmarkOptions defaults() {
    return builder().build();
  }

  /** The prompter directory, or {@code null} for a random model of the default shape. */
  public Path modelDir() {
    return modelDir;
  }

  /** Batch sizes to measure, ascending. */
  public List<Integer> batchSizes() {
    return batchSizes;
  }

  /** New tokens every request generates (end-of-sequence is ignored while measuring). */
  public int newTokens() {
    return newTokens;
  }

  /** Distinct heads in a mixed batch. */
  public int mixedHeads() {
    return mixedHeads;
  }

  /** Timed repetitions per point. */
  public int repeats() {
    return repeats;
  }

  /** The device, or {@code null} for the preferred one. */
  public Device device() {
    return device;
  }

  /** Intra-op threads of the engine, or 0 to leave the engine's setting alone. */
  public int threads() {
    return threads;
  }

  /** Builds {@link BenchmarkOptions}. */
  public static final class Builder {
    private Path modelDir;
    private List<Integer> batchSizes = DEFAULT_BATCH_SIZES;
    private int newTokens = DEFAULT_NEW_TOKENS;
    private int mixedHeads = DEFAULT_MIXED_HEADS;
    private int repeats = DEFAULT_REPEATS;
    private Device device;
    private int threads;

    private Builder() {}

    /** Prompter directory; default a random model of {@code DefaultPrompterShape}. */
    public Builder optModelDir(Path modelDir) {
      this.modelDir = modelDir;
      return this;
    }

    /** Batch sizes; default 1, 2, 4, 8, 16, 32, 64 (32 and 1 are needed for the ratio). */
    public Builder optBatchSizes(List<Integer> batchSizes) {
      if (batchSizes.isEmpty() || batchSizes.stream().anyMatch(b -> b <= 0)) {
        throw new IllegalArgumentException("batchSizes must be positive and not empty");
      }
      this.batchSizes = batchSizes.stream().sorted().distinct().toList();
      return this;
    }

    /** New tokens per request; default {@value BenchmarkOptions#DEFAULT_NEW_TOKENS}. */
    public Builder optNewTokens(int newTokens) {
      if (newTokens < 2) {
        throw new IllegalArgumentException("newTokens must be >= 2");
      }
      this.newTokens = newTokens;
      return this;
    }

    /** Heads in a mixed batch; default {@value BenchmarkOptions#DEFAULT_MIXED_HEADS}. */
    public Builder optMixedHeads(int mixedHeads) {
      if (mixedHeads < 2) {
        throw new IllegalArgumentException("mixedHeads must be >= 2");
      }
      this.mixedHeads = mixedHeads;
      return this;
    }

    /** Timed repetitions per point; default {@value BenchmarkOptions#DEFAULT_REPEATS}. */
    public Builder optRepeats(int repeats) {
      if (repeats < 1) {
        throw new IllegalArgumentException("repeats must be >= 1");
      }
      this.repeats = repeats;
      return this;
    }

    /** Device; default the preferred one (CUDA when found). */
    public Builder optDevice(Device device) {
      this.device = Objects.requireNonNull(device, "device");
      return this;
    }

    /**
     * Sets the engine's intra-op threads for the run (process-wide, it stays set afterwards);
     * default: leave the engine's setting ({@code ai.djl.pytorch.num_threads}, else one per core).
     */
    public Builder optThreads(int threads) {
      if (threads < 1) {
        throw new IllegalArgumentException("threads must be >= 1");
      }
      this.threads = threads;
      return this;
    }

    /** Builds the options. */
    public BenchmarkOptions build() {
      return new BenchmarkOptions(this);
    }
  }
}
