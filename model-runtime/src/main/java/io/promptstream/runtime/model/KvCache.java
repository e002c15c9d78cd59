package io.promptstream.runtime.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Preallocated key/value cache of one batch: per layer, one array of shape {@code [batch,
 * 2·kvHeads, capacity, headDim]} holding the key heads then the value heads. A forward pass writes
 * its new positions in place and attends over the filled prefix, so decoding never copies the past;
 * keeping keys and values in one array halves the engine calls per layer.
 *
 * <p>All rows share one length: rows are left-padded and the padding is masked by the caller. The
 * cache owns a manager of its own; closing the cache frees every array.
 */
public final class KvCache implements AutoCloseable {

  private final NDManager manager;
  private final NDArray[] keys;
  private final NDArray[] values;
  private final int batch;
  private final int capacity;
  private int length;

  private KvCache(NDManager manager, NDArray[] keys, NDArray[] values, int batch, int capacity) {
    this.manager = manager;
    this.keys = keys;
    this.values = values;
    this.batch = batch;
    this.capacity = capacity;
  }

  /**
   * Allocates a cache.
   *
   * @param parent the manager the cache's own manager is created under (its device is used)
   * @param config the model configuration
   * @param batch rows
   * @param capacity positions per row (prompt plus new tokens)
   */
  public static KvCache allocate(NDManager parent, ModelConfig config, int batch, int capacity) {
    if (batch <= 0 || capacity <= 0) {
      throw new IllegalArgumentException("batch and capacity must be positive");
    }
    NDManager manager = parent.newSubManager();
    Shape shape = new Shape(batch, config.numKvHeads(), capacity, config.headDim());
    NDArray[] k = new NDArray[config.numLayers()];
    NDArray[] v = new NDArray[config.numLayers()];
    for (int i = 0; i < k.length; i++) {
      k[i] = manager.zeros(shape, DataType.FLOAT32);
      v[i] = manager.zeros(shape, DataType.FLOAT32);
      NDScope.unregister(k[i], v[i]);
    }
    return new KvCache(manager, k, v, batch, capacity);
  }

  /** Positions already filled. */
  public int length() {
    return length;
  }

  /** Positions per row. */
  public int capacity() {
    return capacity;
  }

  /** Rows. */
  public int batchSize() {
    return batch;
  }

  /**
   * Writes a layer's new keys and values ({@code [batch, kvHeads, T, headDim]}) after the filled
   * prefix and returns views of keys and values over {@code [0, length + T)}. The length itself
   * moves only on {@link #advance(int)}, once every layer has stored its part.
   */
  public NDArray[] store(int layer, NDArray newKeys, NDArray newValues) {
    long t = newKeys.getShape().get(2);
    if (length + t > capacity) {
      throw new IllegalStateException("cache full: " + length + " + " + t + " > " + capacity);
    }
    NDIndex slot = new NDIndex(":, :, {}:{}", length, length + t);
    keys[layer].set(slot, newKeys);
    values[layer].set(slot, newValues);
    NDIndex filled = new NDIndex(":, :, :{}", length + t);
    return new NDArray[] {keys[layer].get(filled), values[layer].get(filled)};
  }

  /** Marks {@code tokens} more positions as filled. */
  public void advance(int tokens) {
    if (length + tokens > capacity) {
      throw new IllegalStateException("cache overflow");
    }
    length += tokens;
  }

  /**
   * Returns a new cache holding only the given rows (in that order) with the same length; this
   * cache is left untouched and should be closed by the caller.
   */
  public KvCache select(int[] rows) {
    NDManager newManager = manager.getParentManager().newSubManager();
    NDArray[] k = new NDArray[keys.length];
    NDArray[] v = new NDArray[values.length];
    try (NDArray index = newManager.create(toLongs(rows))) {
      for (int i = 0; i < keys.length; i++) {
        k[i] = keys[i].get(newManager, new NDIndex("{}", index));
        v[i] = values[i].get(newManager, new NDIndex("{}", index));
        NDScope.unregister(k[i], v[i]);
      }
    }
    KvCache selected = new KvCache(newManager, k, v, rows.length, capacity);
    selected.length = length;
    return selected;
  }

  private static long[] toLongs(int[] rows) {
    long[] out = new long[rows.length];
    for (int i = 0; i < rows.length; i++) {
      out[i] = rows[i];
    }
    return out;
  }

  @Override
  public void close() {
    manager.close();
  }
}
