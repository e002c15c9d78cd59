package io.promptstream.runtime.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import io.promptstream.runtime.model.KvCache;

/**
 * Scaled dot-product attention with grouped-query heads, an additive mask and an optional KV cache.
 *
 * <p>Grouped heads are handled by folding the query heads of one key/value head into the query axis
 * ({@code [B, kv, group·T, D]}), so keys and values are never repeated in memory. In a decode step
 * ({@code T = 1}) that folding is a free view and the per-row mask broadcasts as is, which keeps
 * the step to a handful of engine calls per layer.
 */
public final class Attention {

  private Attention() {}

  /**
   * Attends.
   *
   * @param q queries {@code [B, T, heads, D]}, already multiplied by the score scale
   * @param kv keys then values {@code [B, T, 2·kvHeads, D]}
   * @param bias additive mask {@code [B, 1, T, S]} (0 where allowed, a large negative elsewhere),
   *     where {@code S} is the cache length after this pass (or {@code T} without a cache)
   * @param cache the cache to store into and attend over, or {@code null}
   * @param layer the layer index in the cache
   * @return {@code [B, T, heads·D]}
   */
  public static NDArray attend(NDArray q, NDArray kv, NDArray bias, KvCache cache, int layer) {
    long b = q.getShape().get(0);
    long t = q.getShape().get(1);
    long heads = q.getShape().get(2);
    long d = q.getShape().get(3);
    long kvHeads = kv.getShape().get(2) / 2;
    long group = heads / kvHeads;
    NDList parts = kv.split(2, 2);
    NDArray keys = parts.get(0).transpose(0, 2, 1, 3);
    NDArray values = parts.get(1).transpose(0, 2, 1, 3);
    if (cache != null) {
      NDArray[] past = cache.store(layer, keys, values);
      keys = past[0];
      values = past[1];
    }
    NDArray keysT = keys.transpose(0, 1, 3, 2);
    if (t == 1) {
      // [B, 1, heads, D] is already [B, kv, group, D] in memory; the mask [B, 1, 1, S] broadcasts.
      NDArray scores = q.reshape(b, kvHeads, group, d).matMul(keysT);
      NDArray probs = scores.add(bias).softmax(-1);
      return probs.matMul(values).reshape(b, 1, heads * d);
    }
    long s = keysT.getShape().get(3);
    NDArray queries = q.transpose(0, 2, 1, 3);
    if (group > 1) {
      queries = queries.reshape(b, kvHeads, group * t, d);
    }
    NDArray scores = queries.matMul(keysT);
    if (group > 1) {
      scores = scores.reshape(b, heads, t, s);
    }
    NDArray probs = scores.add(bias).softmax(-1);
    if (group > 1) {
      probs = probs.reshape(b, kvHeads, group * t, s);
    }
    NDArray out = probs.matMul(values);
    if (group > 1) {
      out = out.reshape(b, heads, t, d);
    }
    return out.transpose(0, 2, 1, 3).reshape(b, t, heads * d);
  }
}
