package io.promptstream.runtime.training;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Hyper-parameters of stage 1. Every setting has a default sized for training a small prompter from
 * scratch on a CPU:
 *
 * <pre>{@code
 * TrainingSettings settings = TrainingSettings.builder()
 *     .optEpochs(8)                      // passes over the training set
 *     .optPeakLearningRate(1e-3f)        // after warm-up; cosine decay to 10% of it
 *     .optMaxTokens(2048)                // padded tokens per batch
 *     .build();
 * }</pre>
 */
public final class TrainingSettings {

  /** Default passes over the data. */
  public static final int DEFAULT_EPOCHS = 8;

  /** Default peak learning rate. */
  public static final float DEFAULT_PEAK_LEARNING_RATE = 1e-3f;

  /** Default warm-up steps. */
  public static final int DEFAULT_WARMUP_STEPS = 50;

  /** Default final learning rate as a share of the peak. */
  public static final float DEFAULT_FINAL_LEARNING_RATE_FACTOR = 0.1f;

  /** Default decoupled weight decay. */
  public static final float DEFAULT_WEIGHT_DECAY = 0.1f;

  /** Default gradient-norm clip. */
  public static final float DEFAULT_MAX_GRAD_NORM = 1.0f;

  /** Default most rows per batch. */
  public static final int DEFAULT_MAX_ROWS = 32;

  /** Default most padded tokens per batch. */
  public static final int DEFAULT_MAX_TOKENS = 2048;

  /** Default seed. */
  public static final long DEFAULT_SEED = 17;

  /** The projections the paper adapts with LoRA: the attention keys. */
  public static final List<String> DEFAULT_LORA_TARGETS = List.of("k_proj");

  private final int epochs;
  private final int maxSteps;
  private final float peakLearningRate;
  private final int warmupSteps;
  private final float finalLearningRateFactor;
  private final float weightDecay;
  private final float maxGradNorm;
  private final int maxRows;
  private final int maxTokens;
  private final long seed;
  private final String label;
  private final Clock clock;
  private final Duration progressInterval;
  private final int loraRank;
  private final float loraAlpha;
  private final List<String> loraTargets;

  private TrainingSettings(Builder b) {
    this.epochs = b.epochs;
    this.maxSteps = b.maxSteps;
    this.peakLearningRate = b.peakLearningRate;
    this.warmupSteps = b.warmupSteps;
    this.finalLearningRateFactor = b.finalLearningRateFactor;
    this.weightDecay = b.weightDecay;
    this.maxGradNorm = b.maxGradNorm;
    this.maxRows = b.maxRows;
    this.maxTokens = b.maxTokens;
    this.seed = b.seed;
    this.label = b.label;
    this.clock = b.clock;
    this.progressInterval = b.progressInterval;
    this.loraRank = b.loraRank;
    this.loraAlpha = b.loraAlpha;
    this.loraTargets = b.loraTargets;
  }

  /** A builder with every default. */
  public static Builder builder() {
    return new Builder();
  }

  /** Passes over the training set. */
  public int epochs() {
    return epochs;
  }

  /** Cap on optimizer steps, or 0 for none. */
  public int maxSteps() {
    return maxSteps;
  }

  /** Learning rate after warm-up. */
  public float peakLearningRate() {
    return peakLearningRate;
  }

  /** Warm-up steps (at most half of all steps are used). */
  public int warmupSteps() {
    return warmupSteps;
  }

  /** Final learning rate as a share of the peak. */
  public float finalLearningRateFactor() {
    return finalLearningRateFactor;
  }

  /** Decoupled weight decay of matrices. */
  public float weightDecay() {
    return weightDecay;
  }

  /** Global gradient-norm clip ({@code <= 0}: none). */
  public float maxGradNorm() {
    return maxGradNorm;
  }

  /** Most rows per batch. */
  public int maxRows() {
    return maxRows;
  }

  /** Most padded tokens per batch. */
  public int maxTokens() {
    return maxTokens;
  }

  /** Seed of batching (and of the engine). */
  public long seed() {
    return seed;
  }

  /** Name printed on progress lines. */
  public String label() {
    return label;
  }

  /** Time source of progress lines. */
  public Clock clock() {
    return clock;
  }

  /** Least time between progress lines. */
  public Duration progressInterval() {
    return progressInterval;
  }

  /** LoRA rank, or 0 for full fine-tuning (stage 1 only). */
  public int loraRank() {
    return loraRank;
  }

  /** LoRA scaling numerator (the update is scaled by {@code alpha / rank}). */
  public float loraAlpha() {
    return loraAlpha;
  }

  /** Projections LoRA adapts. */
  public List<String> loraTargets() {
    return loraTargets;
  }

  /** Builds {@link TrainingSettings}. */
  public static final class Builder {
    private int epochs = DEFAULT_EPOCHS;
    private int maxSteps;
    private float peakLearningRate = DEFAULT_PEAK_LEARNING_RATE;
    private int warmupSteps = DEFAULT_WARMUP_STEPS;
    private float finalLearningRateFactor = DEFAULT_FINAL_LEARNING_RATE_FACTOR;
    private float weightDecay = DEFAULT_WEIGHT_DECAY;
    private float maxGradNorm = DEFAULT_MAX_GRAD_NORM;
    private int maxRows = DEFAULT_MAX_ROWS;
    private int maxTokens = DEFAULT_MAX_TOKENS;
    private long seed = DEFAULT_SEED;
    private String label = "stage1";
    private Clock clock = Clock.systemUTC();
    private Duration progressInterval = Duration.ofSeconds(10);
    private int loraRank;
    private float loraAlpha;
    private List<String> loraTargets = DEFAULT_LORA_TARGETS;

    private Builder() {}

    /** Passes over the data; default {@value TrainingSettings#DEFAULT_EPOCHS}. */
    public Builder optEpochs(int epochs) {
      if (epochs <= 0) {
        throw new IllegalArgumentException("epochs must be positive, got " + epochs);
      }
      this.epochs = epochs;
      return this;
    }

    /** Stops after this many steps (the schedule spans them); default 0, no cap. */
    public Builder optMaxSteps(int maxSteps) {
      if (maxSteps < 0) {
        throw new IllegalArgumentException("maxSteps must be >= 0, got " + maxSteps);
      }
      this.maxSteps = maxSteps;
      return this;
    }

    /** Peak learning rate; default {@value TrainingSettings#DEFAULT_PEAK_LEARNING_RATE}. */
    public Builder optPeakLearningRate(float rate) {
      if (!(rate >= 0)) {
        throw new IllegalArgumentException("peakLearningRate must be >= 0, got " + rate);
      }
      this.peakLearningRate = rate;
      return this;
    }

    /** Warm-up steps; default {@value TrainingSettings#DEFAULT_WARMUP_STEPS}. */
    public Builder optWarmupSteps(int steps) {
      if (steps < 0) {
        throw new IllegalArgumentException("warmupSteps must be >= 0, got " + steps);
      }
      this.warmupSteps = steps;
      return this;
    }

    /**
     * Final learning rate as a share of the peak; default {@value
     * TrainingSettings#DEFAULT_FINAL_LEARNING_RATE_FACTOR}.
     */
    public Builder optFinalLearningRateFactor(float factor) {
      if (!(factor >= 0 && factor <= 1)) {
        throw new IllegalArgumentException("finalLearningRateFactor must be in [0, 1]");
      }
      this.finalLearningRateFactor = factor;
      return this;
    }

    /** Weight decay; default {@value TrainingSettings#DEFAULT_WEIGHT_DECAY}. */
    public Builder optWeightDecay(float weightDecay) {
      if (!(weightDecay >= 0)) {
        throw new IllegalArgumentException("weightDecay must be >= 0, got " + weightDecay);
      }
      this.weightDecay = weightDecay;
      return this;
    }

    /** Gradient-norm clip, {@code <= 0} for none; default {@value #DEFAULT_MAX_GRAD_NORM}. */
    public Builder optMaxGradNorm(float maxGradNorm) {
      this.maxGradNorm = maxGradNorm;
      return this;
    }

    /** Most rows per batch; default {@value TrainingSettings#DEFAULT_MAX_ROWS}. */
    public Builder optMaxRows(int maxRows) {
      if (maxRows <= 0) {
        throw new IllegalArgumentException("maxRows must be positive, got " + maxRows);
      }
      this.maxRows = maxRows;
      return this;
    }

    /** Most padded tokens per batch; default {@value TrainingSettings#DEFAULT_MAX_TOKENS}. */
    public Builder optMaxTokens(int maxTokens) {
      if (maxTokens <= 0) {
        throw new IllegalArgumentException("maxTokens must be positive, got " + maxTokens);
      }
      this.maxTokens = maxTokens;
      return this;
    }

    /** Seed; default {@value TrainingSettings#DEFAULT_SEED}. */
    public Builder optSeed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Progress label; default "stage1". */
    public Builder optLabel(String label) {
      this.label = Objects.requireNonNull(label, "label");
      return this;
    }

    /** Clock of progress lines; default the system clock. */
    public Builder optClock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Least time between progress lines; default 10 s. */
    public Builder optProgressInterval(Duration interval) {
      this.progressInterval = Objects.requireNonNull(interval, "interval");
      return this;
    }

    /**
     * Trains low-rank adapters instead of the whole model in stage 1 (for large prompters): rank
     * {@code rank} on the given projections (see {@link LoraAdapters}), merged into the weights
     * when training ends; default off (full fine-tuning). The paper used rank 32 on {@code k_proj}.
     * Weight decay, if set, applies to the adapters.
     *
     * @param rank at least 1
     * @param alpha scaling numerator, commonly {@code 2 × rank}
     * @param targets projection names
     */
    public Builder optLora(int rank, float alpha, List<String> targets) {
      if (rank < 1) {
        throw new IllegalArgumentException("LoRA rank must be >= 1, got " + rank);
      }
      if (targets.isEmpty()) {
        throw new IllegalArgumentException("LoRA targets must not be empty");
      }
      this.loraRank = rank;
      this.loraAlpha = alpha;
      this.loraTargets = List.copyOf(targets);
      return this;
    }

    /** Builds the settings. */
    public TrainingSettings build() {
      return new TrainingSettings(this);
    }
  }
}
