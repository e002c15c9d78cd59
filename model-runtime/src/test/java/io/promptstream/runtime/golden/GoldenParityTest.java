package io.promptstream.runtime.golden;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.promptstream.runtime.model.DecoderModel;
import io.promptstream.runtime.model.ForwardInput;
import io.promptstream.runtime.model.KvCache;
import io.promptstream.runtime.model.ModelConfig;
import io.promptstream.runtime.prompter.Devices;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Parity with Hugging Face transformers on fixtures written by {@code
 * src/test/python/make_golden_fixtures.py}: full-forward logits at every position, left-padded
 * batched logits, and cached greedy continuations.
 */
class GoldenParityTest {

  private static final Path FIXTURES = Path.of("src/test/resources/golden");
  private static final double TOLERANCE = 1e-4;

  @Test
  void shouldMatchTransformersLogitsAndGreedyContinuations() throws Exception {
    List<Path> fixtures = fixtures();
    Assumptions.assumeFalse(
        fixtures.isEmpty(),
        "no golden fixtures under "
            + FIXTURES
            + ": run src/test/python/make_golden_fixtures.py where torch and transformers are"
            + " installed and commit its output");
    for (Path fixture : fixtures) {
      checkFixture(fixture);
    }
  }

  private static List<Path> fixtures() throws IOException {
    if (!Files.isDirectory(FIXTURES)) {
      return List.of();
    }
    try (Stream<Path> dirs = Files.list(FIXTURES)) {
      return dirs.filter(d -> Files.isRegularFile(d.resolve("reference.json"))).sorted().toList();
    }
  }

  private static void checkFixture(Path fixture) throws IOException {
    JsonNode reference = new ObjectMapper().readTree(fixture.resolve("reference.json").toFile());
    ModelConfig config = ModelConfig.read(fixture.resolve("config.json"));
    try (NDManager root = Devices.engine().newBaseManager();
        DecoderModel model = DecoderModel.load(fixture, config, root)) {
      JsonNode prompts = reference.get("prompts");
      int width = 0;
      for (JsonNode p : prompts) {
        width = Math.max(width, p.size());
      }
      long[][] padded = new long[prompts.size()][width];
      boolean[][] real = new boolean[prompts.size()][width];
      for (int i = 0; i < prompts.size(); i++) {
        long[] ids = ids(prompts.get(i));
        float[][] expected = matrix(reference.get("logits").get(i));
        float[][] actual = fullLogits(model, root, ids);
        for (int t = 0; t < ids.length; t++) {
          assertClose(actual[t], expected[t], fixture + " prompt " + i + " position " + t);
        }
        long[] greedy = greedy(model, root, ids, reference.get("greedy").get(i).size());
        assertThat(greedy)
            .as("%s prompt %d greedy continuation", fixture, i)
            .containsExactly(ids(reference.get("greedy").get(i)));
        int pad = width - ids.length;
        for (int t = 0; t < width; t++) {
          padded[i][t] = t < pad ? 0 : ids[t - pad];
          real[i][t] = t >= pad;
        }
      }
      try (NDScope scope = new NDScope()) {
        NDArray hidden = model.forward(ForwardInput.causal(root, padded, real), null);
        float[][] last = rows(model.baseHead().logits(hidden.get(new NDIndex(":, -1, :"))));
        for (int i = 0; i < prompts.size(); i++) {
          float[][] expected = matrix(reference.get("logits").get(i));
          assertClose(last[i], expected[expected.length - 1], fixture + " padded row " + i);
        }
      }
    }
  }

  private static float[][] fullLogits(DecoderModel model, NDManager m, long[] ids) {
    boolean[][] real = new boolean[1][ids.length];
    Arrays.fill(real[0], true);
    try (NDScope scope = new NDScope()) {
      NDArray hidden = model.forward(ForwardInput.causal(m, new long[][] {ids}, real), null);
      return rows(model.baseHead().logits(hidden.get(0)));
    }
  }

  private static long[] greedy(DecoderModel model, NDManager m, long[] prompt, int steps) {
    long[] out = new long[steps];
    boolean[][] real = new boolean[1][prompt.length];
    Arrays.fill(real[0], true);
    try (KvCache cache = model.newCache(m, 1, prompt.length + steps)) {
      long next;
      try (NDScope scope = new NDScope()) {
        NDArray hidden = model.forward(ForwardInput.causal(m, new long[][] {prompt}, real), cache);
        next = model.baseHead().logits(hidden.get("0, -1, :")).argMax().getLong();
      }
      for (int s = 0; s < steps; s++) {
        out[s] = next;
        if (s + 1 == steps) {
          break;
        }
        try (NDScope scope = new NDScope()) {
          ForwardInput input =
              ForwardInput.step(
                  m,
                  new long[] {next},
                  new long[] {prompt.length + s},
                  new int[] {0},
                  cache.length() + 1);
          NDArray hidden = model.forward(input, cache);
          next = model.baseHead().logits(hidden.get("0, 0, :")).argMax().getLong();
        }
      }
    }
    return out;
  }

  private static void assertClose(float[] actual, float[] expected, String what) {
    assertThat(actual.length).as(what).isEqualTo(expected.length);
    for (int v = 0; v < actual.length; v++) {
      double allowed = TOLERANCE * Math.max(1.0, Math.abs(expected[v]));
      assertThat((double) actual[v])
          .as("%s logit %d", what, v)
          .isCloseTo(expected[v], org.assertj.core.data.Offset.offset(allowed));
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

  private static long[] ids(JsonNode array) {
    long[] out = new long[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).asLong();
    }
    return out;
  }

  private static float[][] matrix(JsonNode rows) {
    float[][] out = new float[rows.size()][];
    for (int r = 0; r < out.length; r++) {
      JsonNode row = rows.get(r);
      out[r] = new float[row.size()];
      for (int c = 0; c < out[r].length; c++) {
        out[r][c] = (float) row.get(c).asDouble();
      }
    }
    return out;
  }
}
