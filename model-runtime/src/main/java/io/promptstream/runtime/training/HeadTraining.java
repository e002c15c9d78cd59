package io.promptstream.runtime.training;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.training.GradientCollector;
import io.promptstream.runtime.adapter.AdapterHead;
import io.promptstream.runtime.adapter.AdapterHeads;
import io.promptstream.runtime.adapter.HeadId;
import io.promptstream.runtime.model.DecoderModel;
import io.promptstream.runtime.training.data.TrainingExample;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Stage 2: trains one adapter head for one target LLM on a frozen trunk. The head starts as the
 * identity MLP (zero bias) followed by a copy of the base LM head, so before training it reproduces
 * the base model exactly; only the MLP and the LM head learn.
 *
 * <pre>{@code
 * HeadTraining.Result result = HeadTraining.train(model, new HeadId("gemma-7b", "v1"),
 *     structuredExamples, heldOutStructured, HeadTraining.defaultSettings().build(), System.out);
 * AdapterHeadIo.write(result.head(), dir.resolve("adapter.safetensors"));
 * }</pre>
 *
 * <p>The trunk's final hidden states of the training examples are computed once ({@link
 * HiddenStateCache}) and reused every epoch, so an epoch costs only the head's two matrix products.
 * Example weights (e.g. from judged feedback) scale each example's tokens in the loss. Minibatches
 * hold whole examples, drawn in a seeded order.
 */
public final class HeadTraining {

  /** Default epochs of stage 2. */
  public static final int DEFAULT_EPOCHS = 6;

  /** Default peak learning rate of stage 2. */
  public static final float DEFAULT_PEAK_LEARNING_RATE = 1e-3f;

  /** Default counted tokens per minibatch of stage 2. */
  public static final int DEFAULT_MAX_TOKENS = 1024;

  private HeadTraining() {}

  /**
   * The trained head and what training did.
   *
   * @param head the new head (the caller owns it and must close it)
   * @param report losses and timings (the wall time includes computing the hidden states); held-out
   *     losses are those of this head
   * @param initialHeldOutLoss the held-out loss before training (the base model's), or NaN
   */
  public record Result(AdapterHead head, StageReport report, double initialHeldOutLoss) {}

  /**
   * Stage-2 defaults: {@value #DEFAULT_EPOCHS} epochs, peak learning rate {@value
   * #DEFAULT_PEAK_LEARNING_RATE}, {@value #DEFAULT_MAX_TOKENS} counted tokens per minibatch, 20
   * warm-up steps, no weight decay (decay would pull the MLP away from the identity toward zero).
   */
  public static TrainingSettings.Builder defaultSettings() {
    return TrainingSettings.builder()
        .optEpochs(DEFAULT_EPOCHS)
        .optPeakLearningRate(DEFAULT_PEAK_LEARNING_RATE)
        .optMaxTokens(DEFAULT_MAX_TOKENS)
        .optMaxRows(Integer.MAX_VALUE)
        .optWarmupSteps(20)
        .optWeightDecay(0f)
        .optLabel("stage2");
  }

  /**
   * Trains a head.
   *
   * @param model the trunk (not modified)
   * @param id the head's target LLM and version
   * @param train training examples (their weights apply)
   * @param heldOut held-out examples for the loss after each epoch (may be empty)
   * @param settings hyper-parameters ({@code maxTokens} counts target tokens per minibatch; {@code
   *     maxRows} caps examples per minibatch)
   * @param out progress lines
   * @return the head and the report
   */
  public static Result train(
      DecoderModel model,
      HeadId id,
      List<TrainingExample> train,
      List<TrainingExample> heldOut,
      TrainingSettings settings,
      PrintStream out) {
    if (train.isEmpty()) {
      throw new IllegalArgumentException("train must not be empty");
    }
    Engine.getInstance().setRandomSeed((int) settings.seed());
    long startMillis = settings.clock().millis();
    TrainingProgress progress = null;
    AdapterHead head = AdapterHeads.identity(model, id, model.manager().getParentManager());
    try (HiddenStateCache cache = HiddenStateCache.compute(model, train, model.manager());
        HiddenStateCache heldOutCache =
            heldOut.isEmpty() ? null : HiddenStateCache.compute(model, heldOut, model.manager())) {
      List<List<List<Integer>>> epochs = new ArrayList<>();
      int total = 0;
      for (int e = 0; e < settings.epochs(); e++) {
        List<List<Integer>> batches = minibatches(cache, settings, e);
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
      progress =
          new TrainingProgress(
              out, settings.label(), total, settings.clock(), settings.progressInterval());
      double initial = heldOutCache == null ? Double.NaN : loss(heldOutCache, head);
      progress.note(
          String.format(
              Locale.ROOT,
              "%s: %d examples, %d cached positions, %d steps over %d epochs%s",
              id,
              train.size(),
              cache.rows(),
              total,
              settings.epochs(),
              heldOutCache == null
                  ? ""
                  : String.format(Locale.ROOT, ", held-out loss before %.4f", initial)));
      AdamW.attachGradients(head.parameters());
      List<Double> trainLosses = new ArrayList<>();
      List<Double> heldOutLosses = new ArrayList<>();
      long tokens = 0;
      int step = 0;
      long[] labels = cache.labels();
      float[] weights = cache.weights();
      try (AdamW optimizer =
          new AdamW(
              head.parameters(), model.manager(), settings.weightDecay(), settings.maxGradNorm())) {
        for (int e = 0; e < epochs.size() && step < total; e++) {
          double sum = 0;
          int count = 0;
          String epochLabel = "epoch " + (e + 1) + "/" + settings.epochs();
          for (List<Integer> examples : epochs.get(e)) {
            if (step >= total) {
              break;
            }
            long[] rows = rows(cache, examples);
            float rate = schedule.at(step);
            float loss = step(cache, head, rows, labels, weights);
            optimizer.step(rate);
            sum += loss;
            count++;
            tokens += rows.length;
            progress.step(step, epochLabel, loss, rate, rows.length);
            step++;
          }
          trainLosses.add(sum / Math.max(1, count));
          if (heldOutCache != null) {
            heldOutLosses.add(loss(heldOutCache, head));
            progress.note(
                String.format(
                    Locale.ROOT,
                    "%s  train loss %.4f  held-out loss %.4f",
                    epochLabel,
                    trainLosses.get(trainLosses.size() - 1),
                    heldOutLosses.get(heldOutLosses.size() - 1)));
          }
        }
        if (optimizer.skippedSteps() > 0) {
          progress.note(optimizer.skippedSteps() + " steps skipped: non-finite gradients");
        }
      } finally {
        for (NDArray p : head.parameters().values()) {
          p.setRequiresGradient(false);
        }
      }
      // The wall time includes the one pass of the trunk over the examples.
      Duration wall = Duration.ofMillis(settings.clock().millis() - startMillis);
      StageReport report =
          new StageReport(settings.label(), step, tokens, wall, trainLosses, heldOutLosses);
      return new Result(head, report, initial);
    } catch (RuntimeException e) {
      head.close();
      throw e;
    }
  }

  /**
   * The weighted loss of a head on examples, without gradients: to compare heads offline on the
   * same held-out set (e.g. a retrained candidate against the active head).
   *
   * @throws IllegalArgumentException when {@code examples} is empty
   */
  public static double evaluate(
      DecoderModel model, AdapterHead head, List<TrainingExample> examples) {
    if (examples.isEmpty()) {
      throw new IllegalArgumentException("examples must not be empty");
    }
    try (HiddenStateCache cache = HiddenStateCache.compute(model, examples, model.manager())) {
      return loss(cache, head);
    }
  }

  /** The weighted held-out loss of a head on cached states, without gradients. */
  static double loss(HiddenStateCache cache, AdapterHead head) {
    long[] labels = cache.labels();
    float[] weights = cache.weights();
    double weighted = 0;
    double total = 0;
    int chunk = 4096;
    for (int start = 0; start < cache.rows(); start += chunk) {
      int end = Math.min(cache.rows(), start + chunk);
      long[] l = java.util.Arrays.copyOfRange(labels, start, end);
      float[] w = java.util.Arrays.copyOfRange(weights, start, end);
      float sumW = 0;
      for (float x : w) {
        sumW += x;
      }
      try (NDScope scope = new NDScope();
          NDManager work = cache.states().getManager().newSubManager()) {
        NDArray states = cache.states().get(new NDIndex("{}:{}", start, end));
        weighted += CausalLmLoss.ofStates(states, head, l, w, work).getFloat() * sumW;
        total += sumW;
      }
    }
    return weighted / total;
  }

  private static float step(
      HiddenStateCache cache, AdapterHead head, long[] rows, long[] labels, float[] weights) {
    long[] l = new long[rows.length];
    float[] w = new float[rows.length];
    for (int i = 0; i < rows.length; i++) {
      l[i] = labels[(int) rows[i]];
      w[i] = weights[(int) rows[i]];
    }
    try (NDScope scope = new NDScope();
        NDManager work = cache.states().getManager().newSubManager();
        GradientCollector collector = Engine.getInstance().newGradientCollector()) {
      NDArray states = cache.states().get(new NDIndex("{}", work.create(rows)));
      NDArray loss = CausalLmLoss.ofStates(states, head, l, w, work);
      collector.backward(loss);
      return loss.getFloat();
    }
  }

  private static long[] rows(HiddenStateCache cache, List<Integer> examples) {
    int n = 0;
    for (int e : examples) {
      int[] r = cache.rowsOf(e);
      n += r[1] - r[0];
    }
    long[] out = new long[n];
    int k = 0;
    for (int e : examples) {
      int[] r = cache.rowsOf(e);
      for (int i = r[0]; i < r[1]; i++) {
        out[k++] = i;
      }
    }
    return out;
  }

  /** Examples in a seeded order, cut into groups of at most maxTokens rows and maxRows examples. */
  private static List<List<Integer>> minibatches(
      HiddenStateCache cache, TrainingSettings settings, int epoch) {
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < cache.examples(); i++) {
      order.add(i);
    }
    Collections.shuffle(order, new Random(settings.seed() * 1_000_003L + epoch));
    List<List<Integer>> out = new ArrayList<>();
    List<Integer> current = new ArrayList<>();
    int rows = 0;
    for (int e : order) {
      int[] r = cache.rowsOf(e);
      int size = r[1] - r[0];
      if (!current.isEmpty()
          && (rows + size > settings.maxTokens() || current.size() >= settings.maxRows())) {
        out.add(current);
        current = new ArrayList<>();
        rows = 0;
      }
      current.add(e);
      rows += size;
    }
    if (!current.isEmpty()) {
      out.add(current);
    }
    return out;
  }
}
