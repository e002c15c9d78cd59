package io.promptstream.runtime.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import io.promptstream.runtime.prompter.Devices;
import io.promptstream.runtime.testutil.TestHeads;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HeadCacheTest {

  /** hidden 4, vocab 8, no LM bias: (16 + 4 + 32) floats. */
  private static final long HEAD_BYTES = (16 + 4 + 32) * 4;

  private NDManager manager;
  private final AtomicInteger loaderCalls = new AtomicInteger();

  @BeforeEach
  void setUp() {
    manager = Devices.engine().newBaseManager();
  }

  @AfterEach
  void tearDown() {
    manager.close();
  }

  private AdapterHead load(HeadId id) {
    loaderCalls.incrementAndGet();
    return TestHeads.random(id, manager, 4, 8);
  }

  private HeadCache cache(int heads) {
    return HeadCache.builder().setMaxBytes(heads * HEAD_BYTES).setLoader(this::load).build();
  }

  @Test
  void shouldEvictTheLeastRecentlyUsedHeadAndCountHitsMissesAndEvictions() throws Exception {
    HeadId a = new HeadId("a", "1");
    HeadId b = new HeadId("b", "1");
    HeadId c = new HeadId("c", "1");
    try (HeadCache cache = cache(2)) {
      cache.acquire(a).close();
      cache.acquire(b).close();
      cache.acquire(a).close(); // a is now more recent than b

      cache.acquire(c).close();

      assertThat(cache.contains(a)).isTrue();
      assertThat(cache.contains(b)).isFalse();
      assertThat(cache.contains(c)).isTrue();
      HeadCacheStats stats = cache.stats();
      assertThat(stats.hits()).isEqualTo(1);
      assertThat(stats.misses()).isEqualTo(3);
      assertThat(stats.loads()).isEqualTo(3);
      assertThat(stats.evictions()).isEqualTo(1);
      assertThat(stats.residentHeads()).isEqualTo(2);
      assertThat(stats.residentBytes()).isEqualTo(2 * HEAD_BYTES);
    }
  }

  @Test
  void shouldNeverEvictOrFreeAHeadInUse() throws Exception {
    try (HeadCache cache = cache(2)) {
      HeadCache.Lease a = cache.acquire(new HeadId("a", "1"));
      HeadCache.Lease b = cache.acquire(new HeadId("b", "1"));

      assertThatThrownBy(() -> cache.acquire(new HeadId("c", "1")))
          .isInstanceOf(HeadLoadException.class)
          .satisfies(
              e ->
                  assertThat(((HeadLoadException) e).reason())
                      .isEqualTo(HeadLoadException.Reason.NO_EVICTABLE_ROOM));
      assertThat(a.head().isFreed()).isFalse();
      assertThat(b.head().isFreed()).isFalse();
      assertThat(cache.stats().loadFailures()).isEqualTo(1);

      a.close();
      try (HeadCache.Lease c = cache.acquire(new HeadId("c", "1"))) {
        assertThat(a.head().isFreed()).isTrue();
        assertThat(c.head().isFreed()).isFalse();
      }
      b.close();
    }
  }

  @Test
  void shouldKeepPinnedHeadsResident() throws Exception {
    HeadId pinned = new HeadId("pinned", "1");
    try (HeadCache cache = cache(2)) {
      cache.pin(pinned);

      for (int i = 0; i < 5; i++) {
        cache.acquire(new HeadId("other", "" + i)).close();
      }

      assertThat(cache.contains(pinned)).isTrue();
      cache.unpin(pinned);
      cache.acquire(new HeadId("other", "x")).close();
      cache.acquire(new HeadId("other", "y")).close();
      assertThat(cache.contains(pinned)).isFalse();
    }
  }

  @Test
  void shouldLoadAColdHeadOnceWhenRequestedConcurrently() throws Exception {
    CountDownLatch loaderEntered = new CountDownLatch(1);
    CountDownLatch releaseLoader = new CountDownLatch(1);
    HeadId id = new HeadId("cold", "1");
    HeadCache cache =
        HeadCache.builder()
            .setMaxBytes(4 * HEAD_BYTES)
            .setLoader(
                h -> {
                  loaderEntered.countDown();
                  releaseLoader.await();
                  return load(h);
                })
            .build();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<AdapterHead>> results = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        results.add(
            pool.submit(
                () -> {
                  try (HeadCache.Lease lease = cache.acquire(id)) {
                    return lease.head();
                  }
                }));
      }
      assertThat(loaderEntered.await(10, TimeUnit.SECONDS)).isTrue();
      releaseLoader.countDown();

      AdapterHead first = results.get(0).get(10, TimeUnit.SECONDS);
      for (Future<AdapterHead> f : results) {
        assertThat(f.get(10, TimeUnit.SECONDS)).isSameAs(first);
      }
      assertThat(loaderCalls).hasValue(1);
      HeadCacheStats stats = cache.stats();
      assertThat(stats.loads()).isEqualTo(1);
      assertThat(stats.hits() + stats.misses()).isEqualTo(8);
    } finally {
      pool.shutdownNow();
      cache.close();
    }
  }

  @Test
  void shouldReportLoaderFailuresToEveryCallerAndStayUnchanged() throws Exception {
    try (HeadCache cache =
        HeadCache.builder()
            .setMaxBytes(HEAD_BYTES)
            .setLoader(
                id -> {
                  throw new IOException("store unreachable");
                })
            .build()) {
      assertThatThrownBy(() -> cache.acquire(new HeadId("a", "1")))
          .isInstanceOf(HeadLoadException.class)
          .hasMessageContaining("store unreachable");
      assertThat(cache.stats().loadFailures()).isEqualTo(1);
      assertThat(cache.stats().residentHeads()).isZero();
    }
  }

  @Test
  void shouldRefuseAHeadLargerThanTheWholeBound() {
    try (HeadCache cache =
        HeadCache.builder().setMaxBytes(HEAD_BYTES - 1).setLoader(this::load).build()) {
      assertThatThrownBy(() -> cache.acquire(new HeadId("a", "1")))
          .isInstanceOf(HeadLoadException.class)
          .hasMessageContaining("LARGER_THAN_CACHE");
    }
  }

  @Test
  void shouldKeepAnInvalidatedHeadAliveAndCountedUntilItsLeaseCloses() throws Exception {
    HeadId id = new HeadId("a", "1");
    try (HeadCache cache = cache(1)) {
      HeadCache.Lease lease = cache.acquire(id);

      assertThat(cache.invalidate(id)).isTrue();

      assertThat(lease.head().isFreed()).isFalse();
      assertThat(cache.stats().residentBytes()).isEqualTo(HEAD_BYTES);
      assertThatThrownBy(() -> cache.acquire(new HeadId("b", "1")))
          .isInstanceOf(HeadLoadException.class);
      lease.close();
      assertThat(lease.head().isFreed()).isTrue();
      assertThat(cache.stats().residentBytes()).isZero();
    }
  }

  @Test
  void shouldStayWithinItsByteBoundUnderConcurrentUse() throws Exception {
    AtomicLong maxSeen = new AtomicLong();
    HeadCache cache = cache(3);
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      List<Future<?>> work = new ArrayList<>();
      for (int t = 0; t < 6; t++) {
        long seed = t;
        work.add(
            pool.submit(
                () -> {
                  SplittableRandom random = new SplittableRandom(seed);
                  for (int i = 0; i < 200; i++) {
                    HeadId id = new HeadId("h" + random.nextInt(8), "1");
                    try (HeadCache.Lease lease = cache.acquire(id)) {
                      assertThat(lease.head().isFreed()).isFalse();
                      maxSeen.accumulateAndGet(cache.stats().residentBytes(), Math::max);
                    } catch (HeadLoadException e) {
                      assertThat(e.reason()).isEqualTo(HeadLoadException.Reason.NO_EVICTABLE_ROOM);
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : work) {
        f.get(60, TimeUnit.SECONDS);
      }
      assertThat(maxSeen.get()).isLessThanOrEqualTo(3 * HEAD_BYTES);
      HeadCacheStats stats = cache.stats();
      assertThat(stats.residentBytes()).isLessThanOrEqualTo(3 * HEAD_BYTES);
      assertThat(stats.residentBytes()).isEqualTo(stats.residentHeads() * HEAD_BYTES);
    } finally {
      pool.shutdownNow();
      cache.close();
    }
  }
}
