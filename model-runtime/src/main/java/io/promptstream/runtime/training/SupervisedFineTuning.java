package io.promptstream.runtime.training;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import io.promptstream.runtime.model.DecoderModel;
import io.promptstream.runtime.model.ForwardInput;
import io.promptstream.runtime.training.data.Batch;
import io.promptstream.runtime.training.data.Batches;
import io.promptstream.runtime.training.data.TrainingExample;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Stage 1: supervised fine-tuning of the whole prompter (trunk and base LM head) on (prompt →
 * rewrite) sequences, with the loss on rewrite tokens only.
 *
 * <pre>{@code
 * StageReport report = SupervisedFineTuning.train(model, train, heldOut,
 *     TrainingSettings.builder().optEpochs(8).optPeakLearningRate(1e-3f).build(), System.out);
 * }</pre>
 *
 * <p>Each step runs the forward pass and the backward pass of one batch under a gradient collector,
 * then one {@link AdamW} update with the {@link LearningRateSchedule}'s rate. Batches are drawn by
 * {@link Batches} from the settings' seed, and nothing else is random. With one intra-op thread
 * ({@code -Dai.djl.pytorch.num_threads=1}) a run repeats bit for bit on the same machine; with
 * several, PyTorch's CPU kernels may differ in the last bits from run to run, and training
 * amplifies such differences, so two runs agree closely but not exactly.
 *
 * <p>With {@link TrainingSettings#loraRank()} above 0 only low-rank adapters on the chosen
 * projections train and the rest of the trunk stays frozen ({@link LoraAdapters}); the adapters are
 * kept merged into the weights, so held-out losses, epoch checkpoints and the final model are plain
 * models.
 */
public final class SupervisedFineTuning {

  private SupervisedFineTuning() {}

  /** Called after each epoch, e.g. to save a checkpoint. */
  @FunctionalInterface
  public interface EpochListener {
    /**
     * An epoch ended.
     *
     * @param epoch the epoch just finished (1-based)
     * @param heldOut its held-out loss, or {@code null} without held-out examples
     */
    void epochEnded(int epoch, HeldOutLoss heldOut) throws IOException;
  }

  /** Trains without an epoch listener. */
  public static StageReport train(
      DecoderModel model,
      List<TrainingExample> train,
      List<TrainingExample> heldOut,
      TrainingSettings settings,
      PrintStream out)
      throws IOException {
    return train(model, train, heldOut, settings, out, (epoch, loss) -> {});
  }

  /**
   * Trains the model in place.
   *
   * @param model the model; its parameters get gradients attached and are updated in place
   * @param train training examples
   * @param heldOut examples for the held-out loss after each epoch (may be empty)
   * @param settings hyper-parameters
   * @param out progress lines
   * @param listener told after each epoch
   * @return losses and timings
   * @throws IllegalArgumentException when {@code train} is empty
   */
  public static StageReport train(
      DecoderModel model,
      List<TrainingExample> train,
      List<TrainingExample> heldOut,
      TrainingSettings settings,
      PrintStream out,
      EpochListener listener)
      throws IOException {
    return train(model, epoch -> train, heldOut, settings, out, listener);
  }

  /**
   * Trains the model in place on examples that may change from epoch to epoch (such as freshly
   * drawn synthetic examples mixed into a fixed set).
   *
   * @param model the model; its parameters get gradients attached and are updated in place
   * @param trainForEpoch the training examples of each epoch (0-based), asked once per epoch before
   *     training starts; must be a pure function of the epoch for runs to repeat
   * @param heldOut examples for the held-out loss after each epoch (may be empty)
   * @param settings hyper-parameters
   * @param out progress lines
   * @param listener told after each epoch
   * @return losses and timings
   * @throws IllegalArgumentException when an epoch has no examples
   */
  public static StageReport train(
      DecoderModel model,
      IntFunction<List<TrainingExample>> trainForEpoch,
      List<TrainingExample> heldOut,
      TrainingSettings settings,
      PrintStream out,
      EpochListener listener)
      throws IOException {
    Engine.getInstance().setRandomSeed((int) settings.seed());
    List<List<List<TrainingExample>>> epochs = new ArrayList<>();
    int total = 0;
    int examples = 0;
    for (int e = 0; e < settings.epochs(); e++) {
      List<TrainingExample> train = trainForEpoch.apply(e);
      if (train.isEmpty()) {
        throw new IllegalArgumentException("epoch " + e + " has no training examples");
      }
      examples = train.size();
      List<List<TrainingExample>> batches =
          Batches.forEpoch(train, settings.maxRows(), settings.maxTokens(), settings.seed(), e);
      epochs.add(batches);
      total += batches.size();
    }
    if (settings.maxSteps() > 0) {
      total = Math.min(total, settings.maxSteps());
    }
    LearningRateSchedule schedule =
        new LearningRateSchedule(
            settings.peakLearningRate(),
            Math.min(settings.warmupSteps(), total / 2),
            total,
            settings.finalLearningRateFactor());
    LoraAdapters lora =
        settings.loraRank() > 0
            ? LoraAdapters.attach(
                model,
                settings.loraRank(),
                settings.loraAlpha(),
                settings.loraTargets(),
                settings.seed())
            : null;
    Map<String, NDArray> trainable = lora != null ? lora.parameters() : model.parameters();
    if (lora != null) {
      lora.requireWeightGradients(true);
    } else {
      AdamW.attachGradients(trainable);
    }
    TrainingProgress progress =
        new TrainingProgress(
            out, settings.label(), total, settings.clock(), settings.progressInterval());
    progress.note(
        String.format(
            Locale.ROOT,
            "%d examples, %d steps over %d epochs, %,d trainable parameters%s",
            examples,
            total,
            settings.epochs(),
            count(trainable),
            lora == null
                ? ""
                : " (LoRA rank " + settings.loraRank() + " on " + settings.loraTargets() + ")"));
    List<Double> heldOutLosses = new ArrayList<>();
    List<Double> trainLosses = new ArrayList<>();
    int step = 0;
    long tokens = 0;
    try (AdamW optimizer =
        new AdamW(trainable, model.manager(), settings.weightDecay(), settings.maxGradNorm())) {
      for (int e = 0; e < epochs.size() && step < total; e++) {
        double lossSum = 0;
        int lossCount = 0;
        String epochLabel = "epoch " + (e + 1) + "/" + settings.epochs();
        for (List<TrainingExample> rows : epochs.get(e)) {
          if (step >= total) {
            break;
          }
          Batch batch = Batch.of(rows);
          float rate = schedule.at(step);
          float loss = step(model, batch);
          if (lora != null) {
            try (NDScope scope = new NDScope()) {
              optimizer.step(rate, lora.adapterGradients());
            }
            lora.merge();
          } else {
            optimizer.step(rate);
          }
          lossSum += loss;
          lossCount++;
          tokens += batch.tokens();
          progress.step(step, epochLabel, loss, rate, batch.tokens());
          step++;
        }
        trainLosses.add(lossSum / Math.max(1, lossCount));
        HeldOutLoss held = null;
        if (!heldOut.isEmpty()) {
          held = HeldOutLoss.of(model, model.baseHead(), heldOut);
          heldOutLosses.add(held.loss());
          progress.note(
              String.format(
                  Locale.ROOT,
                  "%s  train loss %.4f  held-out loss %.4f  perplexity %.2f",
                  epochLabel,
                  trainLosses.get(trainLosses.size() - 1),
                  held.loss(),
                  held.perplexity()));
        }
        listener.epochEnded(trainLosses.size(), held);
      }
      if (optimizer.skippedSteps() > 0) {
        progress.note(optimizer.skippedSteps() + " steps skipped: non-finite gradients");
      }
    } finally {
      if (lora != null) {
        lora.close();
      } else {
        for (NDArray p : trainable.values()) {
          p.setRequiresGradient(false);
        }
      }
    }
    Duration wall = progress.elapsed();
    return new StageReport(settings.label(), step, tokens, wall, trainLosses, heldOutLosses);
  }

  /** One forward and backward pass; returns the loss. Gradients accumulate on the parameters. */
  static float step(DecoderModel model, Batch batch) {
    try (NDScope scope = new NDScope();
        NDManager work = model.manager().newSubManager();
        GradientCollector collector = Engine.getInstance().newGradientCollector()) {
      ForwardInput input = ForwardInput.causal(work, batch.ids(), batch.real());
      NDArray hidden = model.forward(input, null);
      NDArray loss = CausalLmLoss.of(hidden, model.baseHead(), batch, work);
      collector.backward(loss);
      return loss.getFloat();
    }
  }

  private static long count(Map<String, NDArray> parameters) {
    long n = 0;
    for (NDArray p : parameters.values()) {
      n += p.getShape().size();
    }
    return n;
  }
}
