package io.promptstream.topology.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CoalescingRewriteEngineTest {

  private final ExecutorService callers = Executors.newFixedThreadPool(4);

  @AfterEach
  void stop() {
    callers.shutdownNow();
  }

  @Test
  void shouldMergeBatchesThatArriveWhileTheModelIsBusy() throws Exception {
    GatedEngine model = new GatedEngine();
    CoalescingRewriteEngine engine = new CoalescingRewriteEngine(model, 64);

    Future<List<RewriteResult>> first = callers.submit(() -> engine.rewrite(jobs("a", 2)));
    assertThat(model.started.await(10, TimeUnit.SECONDS)).isTrue();
    Future<List<RewriteResult>> second = callers.submit(() -> engine.rewrite(jobs("b", 3)));
    Future<List<RewriteResult>> third = callers.submit(() -> engine.rewrite(jobs("c", 1)));
    awaitQueued(engine, 2);
    model.open.countDown();

    assertThat(texts(first.get(10, TimeUnit.SECONDS))).containsExactly("a0", "a1");
    assertThat(texts(second.get(10, TimeUnit.SECONDS))).containsExactly("b0", "b1", "b2");
    assertThat(texts(third.get(10, TimeUnit.SECONDS))).containsExactly("c0");
    // The first batch ran alone; the two that queued behind it ran as one device batch.
    assertThat(model.batchSizes).containsExactly(2, 4);
  }

  @Test
  void shouldNotMergeBeyondTheRowLimit() throws Exception {
    GatedEngine model = new GatedEngine();
    CoalescingRewriteEngine engine = new CoalescingRewriteEngine(model, 3);

    Future<?> first = callers.submit(() -> engine.rewrite(jobs("a", 1)));
    assertThat(model.started.await(10, TimeUnit.SECONDS)).isTrue();
    Future<?> second = callers.submit(() -> engine.rewrite(jobs("b", 2)));
    awaitQueued(engine, 1);
    Future<?> third = callers.submit(() -> engine.rewrite(jobs("c", 2)));
    awaitQueued(engine, 2);
    model.open.countDown();
    first.get(10, TimeUnit.SECONDS);
    second.get(10, TimeUnit.SECONDS);
    third.get(10, TimeUnit.SECONDS);

    assertThat(model.batchSizes).containsExactly(1, 2, 2);
  }

  @Test
  void shouldFailEveryBatchMergedIntoAFailedOne() {
    RewriteEngine failing =
        jobs -> {
          throw new IllegalStateException("boom");
        };
    CoalescingRewriteEngine engine = new CoalescingRewriteEngine(failing, 8);
    assertThatThrownBy(() -> engine.rewrite(jobs("a", 1))).hasMessage("boom");
    // The model is free again afterwards.
    assertThatThrownBy(() -> engine.rewrite(jobs("b", 1))).hasMessage("boom");
  }

  private static void awaitQueued(CoalescingRewriteEngine engine, int n) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (engine.waitingBatches() < n) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("callers did not queue");
      }
      Thread.onSpinWait();
    }
  }

  private static List<RewriteJob> jobs(String prefix, int n) {
    List<RewriteJob> jobs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      jobs.add(new RewriteJob(prefix + i, "t", prefix + i, false));
    }
    return jobs;
  }

  private static List<String> texts(List<RewriteResult> results) {
    return results.stream().map(r -> ((RewriteResult.Rewritten) r).text()).toList();
  }

  /** Echoes its jobs; the first call blocks until the test opens the gate. */
  private static final class GatedEngine implements RewriteEngine {
    final CountDownLatch started = new CountDownLatch(1);
    final CountDownLatch open = new CountDownLatch(1);
    final List<Integer> batchSizes = Collections.synchronizedList(new ArrayList<>());

    @Override
    public List<RewriteResult> rewrite(List<RewriteJob> jobs) {
      batchSizes.add(jobs.size());
      started.countDown();
      try {
        open.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return jobs.stream()
          .<RewriteResult>map(j -> new RewriteResult.Rewritten(j.text(), "v1"))
          .toList();
    }
  }
}
