package io.promptstream.topology.batching;

import java.util.HashMap;
import java.util.Map;

/**
 * What the buffer holds, in memory, so the hot path never scans the store: how many prompts wait
 * for the model, since when, and which conversations have something waiting (a later prompt of such
 * a conversation must queue behind it to keep the conversation's order). Rebuilt from the store
 * when a task starts.
 */
final class BufferIndex {

  private final Map<String, Integer> waitingByConversation = new HashMap<>();
  private int forModel;
  private int total;
  private long oldestMillis = Long.MAX_VALUE;

  void added(String conversationId, boolean forModel, long enqueuedMillis) {
    waitingByConversation.merge(conversationId, 1, Integer::sum);
    total++;
    if (forModel) {
      this.forModel++;
    }
    oldestMillis = Math.min(oldestMillis, enqueuedMillis);
  }

  void cleared() {
    waitingByConversation.clear();
    forModel = 0;
    total = 0;
    oldestMillis = Long.MAX_VALUE;
  }

  boolean hasWaiting(String conversationId) {
    return waitingByConversation.containsKey(conversationId);
  }

  int forModel() {
    return forModel;
  }

  boolean isEmpty() {
    return total == 0;
  }

  /** Milliseconds the oldest waiting prompt has waited at {@code nowMillis}; 0 when empty. */
  long oldestWaitMillis(long nowMillis) {
    return total == 0 ? 0 : Math.max(0, nowMillis - oldestMillis);
  }
}
