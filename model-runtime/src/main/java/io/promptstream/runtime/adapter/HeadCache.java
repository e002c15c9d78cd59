package io.promptstream.runtime.adapter;

import io.promptstream.runtime.adapter.HeadLoadException.Reason;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.LongSupplier;

/**
 * A least-recently-used cache of loaded adapter heads, bounded by the bytes they hold on the
 * device.
 *
 * <pre>{@code
 * HeadCache cache = HeadCache.builder()
 *     .setMaxBytes(512L << 20)
 *     .setLoader(id -> AdapterHeadIo.read(store.fileOf(id), prompter))
 *     .build();
 * try (HeadCache.Lease lease = cache.acquire(new HeadId("gpt-4o", "v3"))) {
 *   prompter.generate(List.of(GenerationRequest.builder().setPrompt(p).optHead(lease.head()).build()));
 * }
 * }</pre>
 *
 * <ul>
 *   <li><b>Bound</b>: the bytes of resident heads, plus heads removed while still in use, never
 *       exceed the bound. A load that cannot fit fails with {@link HeadLoadException} and leaves
 *       the cache as it was.
 *   <li><b>Leases</b>: a head is never freed while a lease on it is open; eviction skips leased and
 *       pinned heads.
 *   <li><b>Single flight</b>: concurrent requests for the same cold head wait for one load.
 *   <li><b>Counters</b>: {@link #stats()}.
 * </ul>
 */
public final class HeadCache implements AutoCloseable {

  private final long maxBytes;
  private final HeadLoader loader;
  private final LongSupplier ticker;

  // Guarded by this.
  private final LinkedHashMap<HeadId, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
  private final Map<HeadId, CompletableFuture<Entry>> loading = new HashMap<>();
  private final Set<HeadId> pinned = new HashSet<>();
  private long residentBytes;
  private long hits;
  private long misses;
  private long loads;
  private long loadFailures;
  private long evictions;
  private long loadTimeNanos;
  private boolean closed;

  private static final class Entry {
    final AdapterHead head;
    int leases;
    boolean removed;

    Entry(AdapterHead head) {
      this.head = head;
    }
  }

  /** Keeps a head alive and resident until closed; close exactly once (further calls no-op). */
  public final class Lease implements AutoCloseable {
    private final Entry entry;
    private boolean open = true;

    private Lease(Entry entry) {
      this.entry = entry;
    }

    /** The leased head. */
    public AdapterHead head() {
      return entry.head;
    }

    @Override
    public void close() {
      synchronized (HeadCache.this) {
        if (!open) {
          return;
        }
        open = false;
        entry.leases--;
        if (entry.removed && entry.leases == 0) {
          residentBytes -= entry.head.sizeInBytes();
        }
      }
      entry.head.release();
    }
  }

  private HeadCache(Builder b) {
    this.maxBytes = b.maxBytes;
    this.loader = b.loader;
    this.ticker = b.ticker;
  }

  /** A builder. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a lease on the head, loading it if needed (once, however many callers ask at the same
   * time).
   *
   * @throws HeadLoadException when loading fails or the head cannot fit; the cache is unchanged
   * @throws InterruptedException when interrupted while waiting for another caller's load
   */
  public Lease acquire(HeadId id) throws HeadLoadException, InterruptedException {
    Objects.requireNonNull(id, "id");
    while (true) {
      CompletableFuture<Entry> future;
      boolean leader = false;
      synchronized (this) {
        if (closed) {
          throw new HeadLoadException(id, Reason.CLOSED, null, null);
        }
        Entry e = entries.get(id);
        if (e != null) {
          hits++;
          return lease(e);
        }
        misses++;
        future = loading.get(id);
        if (future == null) {
          future = new CompletableFuture<>();
          loading.put(id, future);
          leader = true;
        }
      }
      if (leader) {
        return load(id, future);
      }
      Entry loaded = await(id, future);
      synchronized (this) {
        if (entries.get(id) == loaded) {
          return lease(loaded);
        }
        // Evicted between the load and this caller's turn: go round again.
      }
    }
  }

  private Lease load(HeadId id, CompletableFuture<Entry> future) throws HeadLoadException {
    long start = ticker.getAsLong();
    AdapterHead head;
    try {
      head = loader.load(id);
      if (head == null || !head.id().equals(id)) {
        String got = head == null ? "null" : head.id().toString();
        if (head != null) {
          head.close();
        }
        throw new IllegalStateException("loader returned " + got);
      }
    } catch (Exception ex) {
      HeadLoadException failure =
          new HeadLoadException(id, Reason.LOADER_FAILED, ex.getMessage(), ex);
      synchronized (this) {
        loadFailures++;
        loading.remove(id);
      }
      future.completeExceptionally(failure);
      throw failure;
    }
    long elapsed = ticker.getAsLong() - start;
    synchronized (this) {
      loading.remove(id);
      try {
        if (closed) {
          throw new HeadLoadException(id, Reason.CLOSED, null, null);
        }
        makeRoom(id, head.sizeInBytes());
      } catch (HeadLoadException ex) {
        loadFailures++;
        head.close();
        future.completeExceptionally(ex);
        throw ex;
      }
      loads++;
      loadTimeNanos += elapsed;
      Entry e = new Entry(head);
      entries.put(id, e);
      residentBytes += head.sizeInBytes();
      future.complete(e);
      return lease(e);
    }
  }

  private static Entry await(HeadId id, CompletableFuture<Entry> future)
      throws HeadLoadException, InterruptedException {
    try {
      return future.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof HeadLoadException h) {
        throw new HeadLoadException(id, h.reason(), "load by another caller failed", h);
      }
      throw new HeadLoadException(id, Reason.LOADER_FAILED, null, e.getCause());
    }
  }

  /** Evicts least-recently-used idle, unpinned heads until {@code bytes} more fit. */
  private void makeRoom(HeadId id, long bytes) throws HeadLoadException {
    if (bytes > maxBytes) {
      throw new HeadLoadException(
          id, Reason.LARGER_THAN_CACHE, bytes + " bytes > bound " + maxBytes, null);
    }
    List<Map.Entry<HeadId, Entry>> victims = new ArrayList<>();
    long freed = 0;
    for (Map.Entry<HeadId, Entry> e : entries.entrySet()) {
      if (residentBytes - freed + bytes <= maxBytes) {
        break;
      }
      if (e.getValue().leases == 0 && !pinned.contains(e.getKey())) {
        victims.add(e);
        freed += e.getValue().head.sizeInBytes();
      }
    }
    if (residentBytes - freed + bytes > maxBytes) {
      throw new HeadLoadException(
          id, Reason.NO_EVICTABLE_ROOM, "resident heads are pinned or in use", null);
    }
    for (Map.Entry<HeadId, Entry> victim : victims) {
      entries.remove(victim.getKey());
      residentBytes -= victim.getValue().head.sizeInBytes();
      evictions++;
      victim.getValue().head.close();
    }
  }

  private Lease lease(Entry e) {
    if (!e.head.tryRetain()) {
      throw new IllegalStateException("resident head " + e.head.id() + " was freed");
    }
    e.leases++;
    return new Lease(e);
  }

  /**
   * Keeps a head resident until {@link #unpin}: loads it now if needed. Pinned heads count towards
   * the bound and are never evicted.
   */
  public void pin(HeadId id) throws HeadLoadException, InterruptedException {
    synchronized (this) {
      pinned.add(id);
    }
    try (Lease lease = acquire(id)) {
      lease.head(); // loaded and resident
    } catch (HeadLoadException | InterruptedException | RuntimeException e) {
      synchronized (this) {
        pinned.remove(id);
      }
      throw e;
    }
  }

  /** Lets a pinned head be evicted again. */
  public synchronized void unpin(HeadId id) {
    pinned.remove(id);
  }

  /**
   * Drops a head from the cache (e.g. a superseded version). A head in use stays alive, and
   * counted, until its last lease closes.
   *
   * @return whether it was resident
   */
  public boolean invalidate(HeadId id) {
    Entry e;
    synchronized (this) {
      e = entries.remove(id);
      pinned.remove(id);
      if (e == null) {
        return false;
      }
      e.removed = true;
      if (e.leases == 0) {
        residentBytes -= e.head.sizeInBytes();
      }
    }
    e.head.close();
    return true;
  }

  /** Whether a head is resident. */
  public synchronized boolean contains(HeadId id) {
    return entries.containsKey(id);
  }

  /** A snapshot of the counters. */
  public synchronized HeadCacheStats stats() {
    return new HeadCacheStats(
        hits,
        misses,
        loads,
        loadFailures,
        evictions,
        loadTimeNanos,
        entries.size(),
        residentBytes,
        maxBytes);
  }

  /** Drops every head; heads under open leases are freed when those leases close. */
  @Override
  public void close() {
    List<HeadId> ids;
    synchronized (this) {
      closed = true;
      ids = new ArrayList<>(entries.keySet());
    }
    for (HeadId id : ids) {
      invalidate(id);
    }
  }

  /** Builds a {@link HeadCache}. */
  public static final class Builder {
    private long maxBytes = -1;
    private HeadLoader loader;
    private LongSupplier ticker = System::nanoTime;

    private Builder() {}

    /** The byte bound on the device (required, positive). */
    public Builder setMaxBytes(long maxBytes) {
      if (maxBytes <= 0) {
        throw new IllegalArgumentException("maxBytes must be positive, got " + maxBytes);
      }
      this.maxBytes = maxBytes;
      return this;
    }

    /** How cold heads are loaded (required). */
    public Builder setLoader(HeadLoader loader) {
      this.loader = Objects.requireNonNull(loader, "loader");
      return this;
    }

    /** Nanosecond time source for load-time counters; default {@link System#nanoTime()}. */
    public Builder optTicker(LongSupplier ticker) {
      this.ticker = Objects.requireNonNull(ticker, "ticker");
      return this;
    }

    /** Builds the cache. */
    public HeadCache build() {
      if (maxBytes <= 0) {
        throw new IllegalStateException("maxBytes is required");
      }
      if (loader == null) {
        throw new IllegalStateException("loader is required");
      }
      return new HeadCache(this);
    }
  }
}
