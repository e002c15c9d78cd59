package io.promptstream.runtime.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import io.promptstream.runtime.model.DecoderModel;
import io.promptstream.runtime.model.ForwardInput;
import io.promptstream.runtime.model.OutputHead;
import io.promptstream.runtime.training.data.Batch;
import io.promptstream.runtime.training.data.Batches;
import io.promptstream.runtime.training.data.TrainingExample;
import java.util.List;

/**
 * The loss of a model and head on examples it does not train on, without gradients: the mean
 * cross-entropy per counted token (weighted like training) and its perplexity.
 *
 * @param loss mean negative log-likelihood per counted token, in nats
 * @param tokens counted tokens
 */
public record HeldOutLoss(double loss, long tokens) {

  /** Rows per evaluation batch. */
  static final int ROWS = 32;

  /** Padded tokens per evaluation batch. */
  static final int TOKENS = 4096;

  /** {@code exp(loss)}. */
  public double perplexity() {
    return Math.exp(loss);
  }

  /**
   * Evaluates.
   *
   * @param model the trunk
   * @param head the head ({@code model.baseHead()} or an adapter head)
   * @param examples the held-out examples
   */
  public static HeldOutLoss of(
      DecoderModel model, OutputHead head, List<TrainingExample> examples) {
    double weighted = 0;
    double weights = 0;
    long tokens = 0;
    for (List<TrainingExample> rows : Batches.inOrder(examples, ROWS, TOKENS)) {
      Batch batch = Batch.of(rows);
      double batchWeight = 0;
      for (float[] row : batch.lossWeight()) {
        for (float w : row) {
          batchWeight += w;
          tokens += w > 0 ? 1 : 0;
        }
      }
      try (NDScope scope = new NDScope();
          NDManager work = model.manager().newSubManager()) {
        NDArray hidden = model.forward(ForwardInput.causal(work, batch.ids(), batch.real()), null);
        float loss = CausalLmLoss.of(hidden, head, batch, work).getFloat();
        weighted += loss * batchWeight;
        weights += batchWeight;
      }
    }
    if (weights == 0) {
      throw new IllegalArgumentException("examples must hold at least one counted token");
    }
    return new HeldOutLoss(weighted / weights, tokens);
  }
}
