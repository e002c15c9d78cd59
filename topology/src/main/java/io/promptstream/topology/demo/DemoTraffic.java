package io.promptstream.topology.demo;

import io.promptstream.events.PromptRequest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Generates the demo's prompt events: dataset prompts spread over a few conversations, users and
 * target LLMs, with an occasional deliberately bad one so the dead-letter path is visible.
 */
public final class DemoTraffic {

  /** The target LLMs the demo's prompts are headed to. */
  public static final List<String> TARGET_LLMS = List.of("gemma-7b", "llama-3-8b", "mixtral-8x7b");

  private static final int CONVERSATIONS = 50;
  private static final int USERS = 40;

  private final DemoDataset dataset;
  private final SplittableRandom random;
  private final int badEvery;

  /**
   * @param badEvery every n-th prompt is sent empty (dead-lettered as EMPTY_TEXT); 0 for none
   */
  public DemoTraffic(DemoDataset dataset, long seed, int badEvery) {
    if (badEvery < 0) {
      throw new IllegalArgumentException("badEvery must be >= 0, was " + badEvery);
    }
    this.dataset = dataset;
    this.random = new SplittableRandom(seed);
    this.badEvery = badEvery;
  }

  /** The n-th prompt event (0-based). */
  public PromptRequest next(long n) {
    int conversation = random.nextInt(CONVERSATIONS);
    boolean bad = badEvery > 0 && (n + 1) % badEvery == 0;
    return PromptRequest.newBuilder()
        .setRequestId("req-" + n)
        .setConversationId("conv-" + conversation)
        .setUserId("user-" + (conversation % USERS))
        .setTargetLlm(TARGET_LLMS.get(random.nextInt(TARGET_LLMS.size())))
        .setText(bad ? "" : dataset.prompt(n))
        .setCreatedAt(Instant.now())
        .setAttributes(Map.of("source", "demo"))
        .build();
  }
}
