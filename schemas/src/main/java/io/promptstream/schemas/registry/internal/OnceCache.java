package io.promptstream.schemas.registry.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A thread-safe cache that loads each key at most once, even when many threads miss at the same
 * time: the first caller loads, the others wait for its result. A failed load is not cached, so the
 * next caller tries again.
 *
 * <p>Unlike {@link ConcurrentHashMap#computeIfAbsent}, the (slow, remote) load runs outside the
 * map's locks, so loads of other keys are never blocked behind it. Entries are never evicted: keys
 * are schemas and subjects, of which a gateway has a handful.
 */
public final class OnceCache<K, V> {
  private final ConcurrentHashMap<K, CompletableFuture<V>> entries = new ConcurrentHashMap<>();

  /**
   * The value for {@code key}, loading it with {@code loader} if no caller has yet.
   *
   * @throws RuntimeException whatever {@code loader} threw, in this caller or the one it waited on
   */
  public V get(K key, Function<? super K, ? extends V> loader) {
    CompletableFuture<V> entry = entries.get(key);
    if (entry == null) {
      CompletableFuture<V> mine = new CompletableFuture<>();
      entry = entries.putIfAbsent(key, mine);
      if (entry == null) {
        return load(key, mine, loader);
      }
    }
    return await(entry);
  }

  /** Stores {@code value} for {@code key}, replacing what was there. */
  public void put(K key, V value) {
    entries.put(key, CompletableFuture.completedFuture(value));
  }

  /** Whether a value for {@code key} has been loaded or stored. */
  public boolean contains(K key) {
    CompletableFuture<V> entry = entries.get(key);
    return entry != null && entry.isDone() && !entry.isCompletedExceptionally();
  }

  private V load(K key, CompletableFuture<V> mine, Function<? super K, ? extends V> loader) {
    try {
      V value = loader.apply(key);
      mine.complete(value);
      return value;
    } catch (RuntimeException | Error e) {
      entries.remove(key, mine);
      mine.completeExceptionally(e);
      throw e;
    }
  }

  private static <V> V await(CompletableFuture<V> entry) {
    try {
      return entry.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      if (e.getCause() instanceof Error cause) {
        throw cause;
      }
      throw e;
    }
  }
}
