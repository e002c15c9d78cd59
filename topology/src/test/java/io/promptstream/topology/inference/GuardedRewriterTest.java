package io.promptstream.topology.inference;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.promptstream.events.PromptStatus;
import io.promptstream.topology.testutil.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GuardedRewriterTest {

  private static final List<RewriteJob> BATCH =
      List.of(
          new RewriteJob("r1", "gemma-7b", "Explain DNS", false),
          new RewriteJob("r2", "llama-3-8b", "Explain TLS", false));

  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final ScriptedEngine engine = new ScriptedEngine();
  private final InferenceGuardSettings settings =
      InferenceGuardSettings.defaults().withBudget(Duration.ofMillis(200));
  private final GuardedRewriter rewriter = new GuardedRewriter(engine, settings, clock);

  @AfterEach
  void close() {
    engine.release();
    rewriter.close();
  }

  @Test
  void shouldReturnTheModelsRewritesWhenItAnswersInTime() {
    engine.behave(Behaviour.ANSWER);
    List<RewriteResult> results = rewriter.rewrite(BATCH);
    assertThat(results)
        .containsExactly(
            new RewriteResult.Rewritten("better: Explain DNS", "v1"),
            new RewriteResult.Rewritten("better: Explain TLS", "v1"));
  }

  @Test
  void shouldFallBackToOriginalPromptWhenInferenceTimesOut() {
    engine.behave(Behaviour.STALL);
    long start = System.nanoTime();
    List<RewriteResult> results = rewriter.rewrite(BATCH);
    long waitedMillis = (System.nanoTime() - start) / 1_000_000;

    assertThat(results)
        .hasSize(2)
        .allSatisfy(r -> assertThat(status(r)).isEqualTo(PromptStatus.FALLBACK_TIMEOUT));
    // The stream thread is held for the budget, not for the stalled model.
    assertThat(waitedMillis).isLessThan(5_000);
  }

  @Test
  void shouldFallBackWithModelErrorWhenTheModelThrows() {
    engine.behave(Behaviour.THROW);
    assertThat(rewriter.rewrite(BATCH))
        .allSatisfy(
            r -> {
              assertThat(status(r)).isEqualTo(PromptStatus.FALLBACK_MODEL_ERROR);
              assertThat(((RewriteResult.Declined) r).reason()).contains("model on fire");
            });
  }

  @Test
  void shouldTreatAWrongNumberOfResultsAsAModelError() {
    engine.behave(Behaviour.SHORT);
    assertThat(rewriter.rewrite(BATCH))
        .allSatisfy(r -> assertThat(status(r)).isEqualTo(PromptStatus.FALLBACK_MODEL_ERROR));
  }

  @Test
  void shouldOpenTheBreakerAfterRepeatedFailuresAndRecoverAfterTheOpenWait() {
    engine.behave(Behaviour.THROW);
    for (int i = 0; i < settings.breakerMinimumCalls(); i++) {
      rewriter.rewrite(BATCH);
    }
    assertThat(rewriter.breakerState()).isEqualTo(CircuitBreaker.State.OPEN);

    // While open, the model is not called at all.
    engine.behave(Behaviour.ANSWER);
    int callsBefore = engine.calls();
    assertThat(rewriter.rewrite(BATCH))
        .allSatisfy(r -> assertThat(status(r)).isEqualTo(PromptStatus.FALLBACK_CIRCUIT_OPEN));
    assertThat(engine.calls()).isEqualTo(callsBefore);

    // After the open wait, trial calls succeed and the breaker closes again.
    clock.advance(settings.breakerOpenFor().plusMillis(1));
    for (int i = 0; i < settings.breakerHalfOpenCalls(); i++) {
      assertThat(rewriter.rewrite(BATCH)).allMatch(r -> r instanceof RewriteResult.Rewritten);
    }
    assertThat(rewriter.breakerState()).isEqualTo(CircuitBreaker.State.CLOSED);
  }

  @Test
  void shouldFallBackAtOnceWhenTheBulkheadIsFull() throws Exception {
    engine.behave(Behaviour.BLOCK_UNTIL_RELEASED);
    GuardedRewriter patient =
        new GuardedRewriter(
            engine, InferenceGuardSettings.defaults().withBudget(Duration.ofSeconds(30)), clock);
    ExecutorService callers = Executors.newFixedThreadPool(2);
    try {
      List<Future<List<RewriteResult>>> busy =
          List.of(
              callers.submit(() -> patient.rewrite(BATCH)),
              callers.submit(() -> patient.rewrite(BATCH)));
      assertThat(engine.awaitBlocked(2)).isTrue();

      assertThat(patient.rewrite(BATCH))
          .allSatisfy(r -> assertThat(status(r)).isEqualTo(PromptStatus.FALLBACK_BULKHEAD_FULL));

      engine.release();
      for (Future<List<RewriteResult>> f : busy) {
        assertThat(f.get(10, TimeUnit.SECONDS)).allMatch(r -> r instanceof RewriteResult.Rewritten);
      }
    } finally {
      callers.shutdownNow();
      patient.close();
    }
  }

  @Test
  void shouldNotCallTheModelForAnEmptyBatch() {
    assertThat(rewriter.rewrite(List.of())).isEmpty();
    assertThat(engine.calls()).isZero();
  }

  private static PromptStatus status(RewriteResult r) {
    return ((RewriteResult.Declined) r).status();
  }

  enum Behaviour {
    ANSWER,
    STALL,
    THROW,
    SHORT,
    BLOCK_UNTIL_RELEASED
  }

  /** A model whose behaviour the test scripts: answer, stall, throw, or block until released. */
  static final class ScriptedEngine implements RewriteEngine {
    private final AtomicReference<Behaviour> behaviour = new AtomicReference<>(Behaviour.ANSWER);
    private final CountDownLatch released = new CountDownLatch(1);
    private final java.util.concurrent.Semaphore blocked = new java.util.concurrent.Semaphore(0);
    private final java.util.concurrent.atomic.AtomicInteger calls =
        new java.util.concurrent.atomic.AtomicInteger();

    void behave(Behaviour b) {
      behaviour.set(b);
    }

    int calls() {
      return calls.get();
    }

    void release() {
      released.countDown();
    }

    boolean awaitBlocked(int n) throws InterruptedException {
      return blocked.tryAcquire(n, 10, TimeUnit.SECONDS);
    }

    @Override
    public List<RewriteResult> rewrite(List<RewriteJob> jobs) {
      calls.incrementAndGet();
      switch (behaviour.get()) {
        case STALL -> awaitQuietly(released, 60);
        case THROW -> throw new IllegalStateException("model on fire");
        case SHORT -> {
          return List.of();
        }
        case BLOCK_UNTIL_RELEASED -> {
          blocked.release();
          awaitQuietly(released, 60);
        }
        default -> {}
      }
      return jobs.stream()
          .<RewriteResult>map(j -> new RewriteResult.Rewritten("better: " + j.text(), "v1"))
          .toList();
    }

    private static void awaitQuietly(CountDownLatch latch, int seconds) {
      try {
        latch.await(seconds, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
