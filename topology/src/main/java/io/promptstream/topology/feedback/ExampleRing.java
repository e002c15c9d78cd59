package io.promptstream.topology.feedback;

import io.promptstream.events.JudgedExample;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The most recent judged rewrites of each target: a fixed number of slots per target in a
 * changelogged store, written round-robin, so each judgment adds one small changelog record. Each
 * example has a sequence number per target (the count of examples before it), by which a retrain
 * request takes the examples judged since the drift's estimated change point.
 */
final class ExampleRing {

  static final String STORE = "judged-examples-store";
  static final String COUNTERS_STORE = "judged-example-counters-store";

  private final KeyValueStore<String, JudgedExample> slots;
  private final KeyValueStore<String, Long> counters;
  private final int capacity;
  private final int maxBytes;

  /**
   * @param capacity slots per target
   * @param maxBytes bound on the prompt and rewrite text of the examples one request carries
   */
  ExampleRing(
      KeyValueStore<String, JudgedExample> slots,
      KeyValueStore<String, Long> counters,
      int capacity,
      int maxBytes) {
    this.slots = slots;
    this.counters = counters;
    this.capacity = capacity;
    this.maxBytes = maxBytes;
  }

  /** Examples of the target so far: the sequence number the next one gets. */
  long seen(String target) {
    Long seen = counters.get(target);
    return seen == null ? 0 : seen;
  }

  /** Appends an example over the target's oldest one. */
  void append(String target, JudgedExample example) {
    long seq = seen(target);
    slots.put(key(target, seq % capacity), example);
    counters.put(target, seq + 1);
  }

  /**
   * The target's examples from sequence number {@code from} on that are still in the ring, oldest
   * first; when their text is over the byte bound, the newest that fit.
   */
  List<JudgedExample> since(String target, long from) {
    long end = seen(target);
    long start = Math.max(from, end - capacity);
    Deque<JudgedExample> newestFirst = new ArrayDeque<>();
    int bytes = 0;
    for (long seq = end - 1; seq >= start; seq--) {
      JudgedExample e = slots.get(key(target, seq % capacity));
      if (e == null) {
        continue;
      }
      bytes += utf8(e.getPrompt()) + utf8(e.getRewrite());
      if (bytes > maxBytes) {
        break;
      }
      newestFirst.addFirst(e);
    }
    return List.copyOf(newestFirst);
  }

  private static int utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  private static String key(String target, long slot) {
    return target + "|" + String.format(Locale.ROOT, "%06d", slot);
  }
}
