package io.promptstream.runtime.generate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import io.promptstream.runtime.model.DecoderModel;
import io.promptstream.runtime.model.ForwardInput;
import io.promptstream.runtime.model.KvCache;
import io.promptstream.runtime.model.ModelConfig;
import io.promptstream.runtime.model.OutputHead;
import io.promptstream.runtime.tokenizer.PrompterTokenizer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Batched generation with a KV cache: prompts are left-padded into one batch, a single causal pass
 * fills the cache, then each step feeds one token per row. The trunk runs once per step for all
 * rows; the rows' hidden states are then grouped by head and each group goes through its own head.
 *
 * <p>A row's tokens depend only on the row (its prompt, head and seeded sampler), not on what else
 * is in the batch: padding is masked, positions start at each row's first real token, and sampling
 * happens per row. Rows that finish early are dropped from the cache once a quarter of the batch is
 * done, so long requests do not drag finished ones along.
 *
 * <p>Memory: every array of a step is created under an {@link NDScope} and closed with it; the
 * cache and the per-call arrays live under a sub-manager closed when the call returns.
 */
public final class BatchGenerator {

  private final DecoderModel model;
  private final PrompterTokenizer tokenizer;
  private final PromptTemplate template;
  private final Set<Long> eosIds;
  private final long padId;
  private final int maxBatchSize;
  private final NDManager parent;

  /**
   * Creates a generator.
   *
   * @param model the trunk and base head
   * @param tokenizer the prompter's tokenizer (its max length bounds prompts)
   * @param template how prompts are wrapped
   * @param eosIds ids that end a row
   * @param padId id placed in padding (masked, but it must be a valid embedding row)
   * @param maxBatchSize largest batch run at once; larger request lists run in several passes
   * @param parent manager under which per-call arrays are created
   */
  public BatchGenerator(
      DecoderModel model,
      PrompterTokenizer tokenizer,
      PromptTemplate template,
      Set<Long> eosIds,
      long padId,
      int maxBatchSize,
      NDManager parent) {
    if (padId < 0 || padId >= model.config().vocabSize()) {
      throw new IllegalArgumentException("pad id " + padId + " outside the vocabulary");
    }
    if (maxBatchSize <= 0) {
      throw new IllegalArgumentException("maxBatchSize must be positive");
    }
    this.model = model;
    this.tokenizer = tokenizer;
    this.template = template;
    this.eosIds = Set.copyOf(eosIds);
    this.padId = padId;
    this.maxBatchSize = maxBatchSize;
    this.parent = parent;
  }

  /**
   * Generates a rewrite for each request, in order.
   *
   * @throws IllegalArgumentException when a request's head does not fit the model
   * @throws IllegalStateException when a request's adapter head has already been freed
   */
  public List<Generation> generate(List<GenerationRequest> requests) {
    ModelConfig config = model.config();
    Generation[] results = new Generation[requests.size()];
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < requests.size(); i++) {
      GenerationRequest request = requests.get(i);
      OutputHead head = request.head() == null ? model.baseHead() : request.head();
      if (head.hiddenSize() != config.hiddenSize() || head.vocabSize() != config.vocabSize()) {
        throw new IllegalArgumentException(
            "request " + i + ": head does not fit the model (hidden or vocabulary size differs)");
      }
      PrompterTokenizer.Encoded encoded = tokenizer.encode(template.apply(request.prompt()));
      long[] ids = encoded.ids();
      int room = config.maxPositions() - ids.length;
      if (encoded.truncated() || ids.length == 0 || room <= 0) {
        results[i] = new Generation("", ids.length, 0, FinishReason.PROMPT_TOO_LONG, new long[0]);
        continue;
      }
      List<String> stops = new ArrayList<>(template.stopStrings());
      stops.addAll(request.stopStrings());
      rows.add(
          new Row(
              i,
              ids,
              Math.min(request.maxNewTokens(), room),
              head,
              request.sampling(),
              List.copyOf(stops)));
    }
    // Similar lengths together waste less padding when requests exceed one batch.
    rows.sort(Comparator.comparingInt(r -> r.promptIds.length));
    for (int start = 0; start < rows.size(); start += maxBatchSize) {
      List<Row> batch = rows.subList(start, Math.min(rows.size(), start + maxBatchSize));
      runRetained(batch);
      for (Row row : batch) {
        results[row.requestIndex] = row.toGeneration(tokenizer);
      }
    }
    return List.of(results);
  }

  /** Holds a reference on every head of the batch for as long as the batch runs. */
  private void runRetained(List<Row> batch) {
    Set<OutputHead> retained = Collections.newSetFromMap(new IdentityHashMap<>());
    try {
      for (Row row : batch) {
        if (!retained.contains(row.head)) {
          if (!row.head.tryRetain()) {
            throw new IllegalStateException("an adapter head of this batch was already released");
          }
          retained.add(row.head);
        }
      }
      run(batch);
    } finally {
      for (OutputHead head : retained) {
        head.release();
      }
    }
  }

  private void run(List<Row> batch) {
    int b = batch.size();
    int promptLength = 0;
    int maxNew = 0;
    for (Row row : batch) {
      promptLength = Math.max(promptLength, row.promptIds.length);
      maxNew = Math.max(maxNew, row.maxNewTokens);
    }
    Row[] slots = batch.toArray(new Row[0]);
    try (NDManager work = parent.newSubManager()) {
      KvCache cache = model.newCache(work, b, promptLength + maxNew);
      try {
        long[] next;
        try (NDScope scope = new NDScope()) {
          ForwardInput input = prefillInput(work, slots, promptLength);
          NDArray hidden = model.forward(input, cache);
          NDArray last = hidden.get(new NDIndex(":, {}, :", promptLength - 1));
          next = HeadGroups.chooseTokens(last, slots);
        }
        while (true) {
          List<Row> stepped = new ArrayList<>();
          for (int s = 0; s < slots.length; s++) {
            if (!slots[s].isFinished()) {
              slots[s].accept(next[s], eosIds);
              stepped.add(slots[s]);
            }
          }
          StopStrings.check(stepped.toArray(new Row[0]), tokenizer);
          int active = 0;
          for (Row row : slots) {
            active += row.isFinished() ? 0 : 1;
          }
          if (active == 0) {
            return;
          }
          if ((slots.length - active) * 4 >= slots.length) {
            int[] keep = new int[active];
            Row[] kept = new Row[active];
            for (int s = 0, k = 0; s < slots.length; s++) {
              if (!slots[s].isFinished()) {
                keep[k] = s;
                kept[k++] = slots[s];
              }
            }
            KvCache smaller = cache.select(keep);
            cache.close();
            cache = smaller;
            slots = kept;
          }
          try (NDScope scope = new NDScope()) {
            NDArray hidden = model.forward(stepInput(work, slots, promptLength, cache), cache);
            next = HeadGroups.chooseTokens(hidden.squeeze(1), slots);
          }
        }
      } finally {
        cache.close();
      }
    }
  }

  private ForwardInput prefillInput(NDManager manager, Row[] slots, int promptLength) {
    long[][] ids = new long[slots.length][promptLength];
    boolean[][] real = new boolean[slots.length][promptLength];
    for (int s = 0; s < slots.length; s++) {
      long[] prompt = slots[s].promptIds;
      int pad = promptLength - prompt.length;
      for (int t = 0; t < promptLength; t++) {
        ids[s][t] = t < pad ? padId : prompt[t - pad];
        real[s][t] = t >= pad;
      }
    }
    return ForwardInput.causal(manager, ids, real);
  }

  private ForwardInput stepInput(NDManager manager, Row[] slots, int promptLength, KvCache cache) {
    long[] ids = new long[slots.length];
    long[] positions = new long[slots.length];
    int[] firstVisible = new int[slots.length];
    for (int s = 0; s < slots.length; s++) {
      Row row = slots[s];
      boolean done = row.isFinished();
      ids[s] = done ? padId : row.lastToken();
      positions[s] = row.promptIds.length + row.generatedCount() - 1;
      firstVisible[s] = promptLength - row.promptIds.length;
    }
    return ForwardInput.step(manager, ids, positions, firstVisible, cache.length() + 1);
  }
}
