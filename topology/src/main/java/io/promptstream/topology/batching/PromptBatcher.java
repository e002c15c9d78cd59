package io.promptstream.topology.batching;

import io.promptstream.events.Arm;
import io.promptstream.events.BufferedPrompt;
import io.promptstream.events.OptimizedPrompt;
import io.promptstream.events.PromptRequest;
import io.promptstream.topology.abtest.ArmAssigner;
import io.promptstream.topology.abtest.Assignment;
import io.promptstream.topology.rewrite.BatchRewriter;
import io.promptstream.topology.rewrite.OptimizedPrompts;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Assigns each prompt its arm and micro-batches the ones to rewrite, durably.
 *
 * <p>A prompt for the model is written to a changelogged store before its input offset can be
 * committed, and leaves the store in the same transaction that emits its output: under exactly-once
 * v2, a crash at any point neither loses nor doubles it. The batch is flushed when {@link
 * BatchSettings#maxSize()} prompts wait, or when the oldest has waited {@link
 * BatchSettings#maxWait()} (a wall-clock punctuator), within the stream thread, so the flush is
 * part of the task's transaction. Inference is bounded by the rewriter's time budget, which keeps a
 * flush well inside the transaction timeout.
 *
 * <p>Order within a conversation (the record key) is kept: a control prompt goes out at once unless
 * an earlier prompt of its conversation is still waiting, in which case it waits behind it.
 */
public final class PromptBatcher
    implements Processor<String, PromptRequest, String, OptimizedPrompt> {

  private final String storeName;
  private final BatchSettings settings;
  private final ArmAssigner arms;
  private final BatchRewriter rewriter;
  private final Clock clock;
  private final BufferIndex index = new BufferIndex();

  private ProcessorContext<String, OptimizedPrompt> context;
  private KeyValueStore<Long, BufferedPrompt> buffer;
  private long nextSequence;
  private long firstWaiting;

  public PromptBatcher(
      String storeName,
      BatchSettings settings,
      ArmAssigner arms,
      BatchRewriter rewriter,
      Clock clock) {
    this.storeName = storeName;
    this.settings = settings;
    this.arms = arms;
    this.rewriter = rewriter;
    this.clock = clock;
  }

  @Override
  public void init(ProcessorContext<String, OptimizedPrompt> context) {
    this.context = context;
    this.buffer = context.getStateStore(storeName);
    rebuildIndex();
    context.schedule(settings.checkInterval(), PunctuationType.WALL_CLOCK_TIME, this::onTick);
  }

  @Override
  public void process(Record<String, PromptRequest> record) {
    PromptRequest prompt = record.value();
    Assignment assignment = arms.assign(prompt, clock.instant());
    String conversation = prompt.getConversationId();
    if (!assignment.rewritten() && !index.hasWaiting(conversation)) {
      context.forward(
          record.withValue(
              OptimizedPrompts.control(prompt, assignment.experiment(), clock.instant())));
      return;
    }
    long now = clock.millis();
    buffer.put(
        nextSequence++,
        BufferedPrompt.newBuilder()
            .setRequest(prompt)
            .setArm(assignment.arm())
            .setExperiment(assignment.experiment())
            .setCanary(assignment.canary())
            .setExplore(assignment.explore())
            .setEnqueuedAt(Instant.ofEpochMilli(now))
            .build());
    index.added(conversation, assignment.rewritten(), now);
    if (index.forModel() >= settings.maxSize()) {
      flush();
    }
  }

  private void onTick(long wallClockMillis) {
    if (!index.isEmpty()
        && index.oldestWaitMillis(clock.millis()) >= settings.maxWait().toMillis()) {
      flush();
    }
  }

  /** Emits every waiting prompt, in arrival order, and empties the buffer. */
  private void flush() {
    List<KeyValue<Long, BufferedPrompt>> waiting = new ArrayList<>();
    // Start past what earlier flushes deleted: until the next commit the store's cache still holds
    // their tombstones, and walking over them would make every flush slower than the last.
    try (KeyValueIterator<Long, BufferedPrompt> live = buffer.range(firstWaiting, Long.MAX_VALUE)) {
      live.forEachRemaining(waiting::add);
    }
    List<BufferedPrompt> prompts = waiting.stream().map(kv -> kv.value).toList();
    List<OptimizedPrompt> outputs = rewriter.rewrite(prompts);
    for (int i = 0; i < waiting.size(); i++) {
      PromptRequest request = prompts.get(i).getRequest();
      context.forward(new Record<>(request.getConversationId(), outputs.get(i), clock.millis()));
      buffer.delete(waiting.get(i).key);
    }
    index.cleared();
    firstWaiting = nextSequence;
  }

  private void rebuildIndex() {
    index.cleared();
    nextSequence = 0;
    firstWaiting = Long.MAX_VALUE;
    try (KeyValueIterator<Long, BufferedPrompt> all = buffer.all()) {
      while (all.hasNext()) {
        KeyValue<Long, BufferedPrompt> kv = all.next();
        BufferedPrompt p = kv.value;
        index.added(
            p.getRequest().getConversationId(),
            p.getArm() != Arm.CONTROL,
            p.getEnqueuedAt().toEpochMilli());
        nextSequence = Math.max(nextSequence, kv.key + 1);
        firstWaiting = Math.min(firstWaiting, kv.key);
      }
    }
    if (firstWaiting == Long.MAX_VALUE) {
      firstWaiting = nextSequence;
    }
  }
}
