package io.promptstream.runtime.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AdamWTest {

  private static void backward(NDArray loss) {
    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
      collector.backward(loss);
    }
  }

  @Test
  void shouldTakeASignStepOfTheLearningRateFirstAndZeroTheGradients() {
    try (NDManager manager = Engine.getInstance().newBaseManager()) {
      NDArray p = manager.create(new float[] {1f, -2f});
      AdamW.attachGradients(Map.of("p", p));
      try (AdamW optimizer = new AdamW(Map.of("p", p), manager, 0f, 0f)) {
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
          collector.backward(p.square().sum());
        }

        float norm = optimizer.step(0.1f);

        // Adam's first step moves each weight by the learning rate against its gradient's sign.
        assertThat(norm).isCloseTo((float) Math.sqrt(4 + 16), within(1e-5f));
        assertThat(p.toFloatArray()).containsExactly(new float[] {0.9f, -1.9f}, within(1e-5f));
        assertThat(p.getGradient().toFloatArray())
            .containsExactly(new float[] {0f, 0f}, within(0f));
      }
    }
  }

  @Test
  void shouldSkipAStepWhoseGradientIsNotFinite() {
    try (NDManager manager = Engine.getInstance().newBaseManager()) {
      NDArray p = manager.create(new float[] {1f, 2f});
      AdamW.attachGradients(Map.of("p", p));
      try (AdamW optimizer = new AdamW(Map.of("p", p), manager, 0.1f, 1f)) {
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
          collector.backward(p.mul(Float.POSITIVE_INFINITY).sum());
        }

        optimizer.step(0.1f);

        assertThat(p.toFloatArray()).containsExactly(1f, 2f);
        assertThat(optimizer.skippedSteps()).isEqualTo(1);
        assertThat(optimizer.steps()).isZero();
      }
    }
  }

  @Test
  void shouldStepOnAThreadWhoseGradModeTheEngineNeverSet() throws Exception {
    // A fresh thread starts with PyTorch's grad mode on: a careless in-place update of a leaf
    // fails.
    CompletableFuture<float[]> updated = new CompletableFuture<>();
    Thread worker =
        new Thread(
            () -> {
              try (NDManager manager = Engine.getInstance().newBaseManager()) {
                NDArray p = manager.create(new float[] {1f, -2f});
                AdamW.attachGradients(Map.of("p", p));
                try (AdamW optimizer = new AdamW(Map.of("p", p), manager, 0f, 0f)) {
                  backward(p.square().sum());
                  optimizer.step(0.1f);
                  updated.complete(p.toFloatArray());
                }
              } catch (RuntimeException e) {
                updated.completeExceptionally(e);
              }
            });
    worker.start();

    assertThat(updated.get(30, TimeUnit.SECONDS))
        .containsExactly(new float[] {0.9f, -1.9f}, within(1e-5f));
  }
}
