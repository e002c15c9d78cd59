package io.promptstream.runtime.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import io.promptstream.runtime.prompter.Devices;
import io.promptstream.runtime.testutil.TinyModels;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CachedDecodingTest {

  private static final float TOLERANCE = 1e-4f;

  @TempDir Path dir;

  static List<ModelConfig> configs() {
    return TinyModels.all();
  }

  @ParameterizedTest
  @MethodSource("configs")
  void shouldMatchFullForwardAtEveryStepWhenDecodingWithCache(ModelConfig config) throws Exception {
    TinyModels.write(dir, config);
    try (NDManager root = Devices.engine().newBaseManager();
        DecoderModel model = DecoderModel.load(dir, config, root)) {
      // Row 0 is left-padded by three positions; row 1 fills the prompt.
      long[][] prompts = {{5, 17, 42}, {11, 200, 3, 9, 77, 150}};
      int width = 6;
      int steps = 6;
      long[][] sequences = new long[][] {prompts[0].clone(), prompts[1].clone()};
      try (KvCache cache = model.newCache(root, 2, width + steps)) {
        float[][] cached = prefill(model, root, cache, prompts, width);
        for (int step = 0; ; step++) {
          for (int r = 0; r < 2; r++) {
            float[] full = fullForwardLastLogits(model, root, sequences[r]);
            assertThat(maxDifference(cached[r], full))
                .as("row %d step %d", r, step)
                .isLessThan(TOLERANCE);
          }
          if (step == steps) {
            break;
          }
          long[] next = new long[2];
          for (int r = 0; r < 2; r++) {
            next[r] = argmax(cached[r]);
            sequences[r] = append(sequences[r], next[r]);
          }
          cached = decodeStep(model, root, cache, next, sequences, width);
        }
      }
    }
  }

  private static float[][] prefill(
      DecoderModel model, NDManager m, KvCache cache, long[][] prompts, int width) {
    long[][] ids = new long[prompts.length][width];
    boolean[][] real = new boolean[prompts.length][width];
    for (int r = 0; r < prompts.length; r++) {
      int pad = width - prompts[r].length;
      for (int t = 0; t < width; t++) {
        ids[r][t] = t < pad ? 0 : prompts[r][t - pad];
        real[r][t] = t >= pad;
      }
    }
    try (NDScope scope = new NDScope()) {
      NDArray hidden = model.forward(ForwardInput.causal(m, ids, real), cache);
      NDArray last = hidden.get(new NDIndex(":, {}, :", width - 1));
      return rows(model.baseHead().logits(last));
    }
  }

  private static float[][] decodeStep(
      DecoderModel model, NDManager m, KvCache cache, long[] next, long[][] sequences, int width) {
    long[] positions = new long[next.length];
    int[] firstVisible = new int[next.length];
    for (int r = 0; r < next.length; r++) {
      positions[r] = sequences[r].length - 1;
      // the prompt of row r started at width - promptLength; generated tokens follow
      int generated = cache.length() - width + 1;
      firstVisible[r] = width - (sequences[r].length - generated);
    }
    try (NDScope scope = new NDScope()) {
      ForwardInput input = ForwardInput.step(m, next, positions, firstVisible, cache.length() + 1);
      NDArray hidden = model.forward(input, cache);
      return rows(model.baseHead().logits(hidden.squeeze(1)));
    }
  }

  private static float[] fullForwardLastLogits(DecoderModel model, NDManager m, long[] sequence) {
    boolean[][] real = new boolean[1][sequence.length];
    Arrays.fill(real[0], true);
    try (NDScope scope = new NDScope()) {
      NDArray hidden = model.forward(ForwardInput.causal(m, new long[][] {sequence}, real), null);
      NDArray last = hidden.get(new NDIndex("0, {}, :", sequence.length - 1));
      return model.baseHead().logits(last).toFloatArray();
    }
  }

  private static float[][] rows(NDArray logits) {
    int b = (int) logits.getShape().get(0);
    int v = (int) logits.getShape().get(1);
    float[] flat = logits.toFloatArray();
    float[][] out = new float[b][];
    for (int r = 0; r < b; r++) {
      out[r] = Arrays.copyOfRange(flat, r * v, (r + 1) * v);
    }
    return out;
  }

  private static float maxDifference(float[] a, float[] b) {
    float max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs(a[i] - b[i]));
    }
    return max;
  }

  private static int argmax(float[] values) {
    int best = 0;
    for (int i = 1; i < values.length; i++) {
      if (values[i] > values[best]) {
        best = i;
      }
    }
    return best;
  }

  private static long[] append(long[] a, long v) {
    long[] out = Arrays.copyOf(a, a.length + 1);
    out[a.length] = v;
    return out;
  }
}
