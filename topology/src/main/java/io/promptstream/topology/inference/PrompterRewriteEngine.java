package io.promptstream.topology.inference;

import io.promptstream.events.HeadRole;
import io.promptstream.events.PromptStatus;
import io.promptstream.runtime.adapter.HeadCache;
import io.promptstream.runtime.adapter.HeadId;
import io.promptstream.runtime.generate.FinishReason;
import io.promptstream.runtime.generate.Generation;
import io.promptstream.runtime.generate.GenerationRequest;
import io.promptstream.runtime.generate.SamplingSettings;
import io.promptstream.runtime.prompter.Prompter;
import io.promptstream.topology.heads.TargetHeads;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The real model: the prompter's trunk runs once for the whole batch, and each row goes through the
 * adapter head of its target LLM (the candidate head for canary rows, another target's active head
 * for exploration rows, chosen by a hash of the request id). The head versions are read once per
 * batch, so a batch never mixes versions of one target even while a new head is swapped in; every
 * head is leased from the cache for the batch's duration, so a swapped-out head is freed only after
 * the batches using it finish.
 *
 * <p>A row is declined, not failed, when its target has no head ({@code FALLBACK_UNKNOWN_TARGET}),
 * when its prompt is over the token limit ({@code FALLBACK_TOKEN_LIMIT}), or when the rewrite ran
 * out of tokens before ending ({@code FALLBACK_INTENT}: a truncated rewrite is not sent).
 */
public final class PrompterRewriteEngine implements RewriteEngine {

  private final Prompter prompter;
  private final HeadCache heads;
  private final TargetHeads targets;
  private final int maxPromptTokens;
  private final int maxNewTokens;

  public PrompterRewriteEngine(
      Prompter prompter,
      HeadCache heads,
      TargetHeads targets,
      int maxPromptTokens,
      int maxNewTokens) {
    this.prompter = prompter;
    this.heads = heads;
    this.targets = targets;
    this.maxPromptTokens = maxPromptTokens;
    this.maxNewTokens = maxNewTokens;
  }

  @Override
  public List<RewriteResult> rewrite(List<RewriteJob> jobs) {
    Map<String, TargetHeads.Versions> versions = targets.snapshot();
    RewriteResult[] results = new RewriteResult[jobs.size()];
    Map<HeadId, HeadCache.Lease> leases = new HashMap<>();
    try {
      List<GenerationRequest> requests = new ArrayList<>();
      List<Integer> rows = new ArrayList<>();
      List<HeadId> rowHeads = new ArrayList<>();
      List<HeadRole> rowRoles = new ArrayList<>();
      for (int i = 0; i < jobs.size(); i++) {
        RewriteJob job = jobs.get(i);
        HeadRole role = roleOf(job, versions);
        HeadId head = headFor(job, role, versions);
        if (head == null) {
          results[i] =
              declined(
                  PromptStatus.FALLBACK_UNKNOWN_TARGET,
                  "no adapter head for target " + job.targetLlm());
          continue;
        }
        if (prompter.tokenizer().encode(job.text()).ids().length > maxPromptTokens) {
          results[i] =
              declined(
                  PromptStatus.FALLBACK_TOKEN_LIMIT,
                  "prompt is over " + maxPromptTokens + " tokens");
          continue;
        }
        HeadCache.Lease lease = leases.get(head);
        if (lease == null) {
          lease = heads.acquire(head);
          leases.put(head, lease);
        }
        requests.add(
            GenerationRequest.builder()
                .setPrompt(job.text())
                .optHead(lease.head())
                .optMaxNewTokens(maxNewTokens)
                .optSampling(SamplingSettings.greedy())
                .build());
        rows.add(i);
        rowHeads.add(head);
        rowRoles.add(role);
      }
      if (!requests.isEmpty()) {
        List<Generation> generations = prompter.generate(requests);
        for (int r = 0; r < generations.size(); r++) {
          Generation g = generations.get(r);
          results[rows.get(r)] =
              g.finishReason() == FinishReason.LENGTH
                  ? new RewriteResult.Declined(
                      PromptStatus.FALLBACK_INTENT,
                      "rewrite truncated at " + maxNewTokens + " tokens",
                      rowHeads.get(r).version())
                  : new RewriteResult.Rewritten(
                      g.text().strip(),
                      rowHeads.get(r).version(),
                      rowHeads.get(r).targetLlm(),
                      rowRoles.get(r));
        }
      }
      return List.of(results);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while loading adapter heads", e);
    } catch (Exception e) {
      throw e instanceof RuntimeException re ? re : new IllegalStateException(e.getMessage(), e);
    } finally {
      leases.values().forEach(HeadCache.Lease::close);
    }
  }

  private static HeadRole roleOf(RewriteJob job, Map<String, TargetHeads.Versions> versions) {
    TargetHeads.Versions own = versions.get(job.targetLlm());
    if (job.canary() && own != null && own.candidate() != null) {
      return HeadRole.CANARY;
    }
    // A target without a head of its own falls back as unknown, exploration or not.
    return job.explore() && own != null && !explorable(job, versions).isEmpty()
        ? HeadRole.EXPLORATION
        : HeadRole.ACTIVE;
  }

  private static HeadId headFor(
      RewriteJob job, HeadRole role, Map<String, TargetHeads.Versions> versions) {
    TargetHeads.Versions own = versions.get(job.targetLlm());
    return switch (role) {
      case CANARY -> own.candidate();
      case EXPLORATION -> {
        List<HeadId> others = explorable(job, versions);
        yield others.get(Math.floorMod(job.requestId().hashCode(), others.size()));
      }
      case ACTIVE -> own == null ? null : own.active();
    };
  }

  /** The active heads of the other targets, in name order. */
  private static List<HeadId> explorable(
      RewriteJob job, Map<String, TargetHeads.Versions> versions) {
    return versions.entrySet().stream()
        .filter(e -> !e.getKey().equals(job.targetLlm()) && e.getValue().active() != null)
        .sorted(Map.Entry.comparingByKey())
        .map(e -> e.getValue().active())
        .toList();
  }

  private static RewriteResult declined(PromptStatus status, String reason) {
    return new RewriteResult.Declined(status, reason);
  }
}
