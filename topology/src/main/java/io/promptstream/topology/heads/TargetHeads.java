package io.promptstream.topology.heads;

import io.promptstream.runtime.adapter.HeadId;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Which head version serves each target LLM: the active one and, while a canary runs, a candidate.
 * Replaced as a whole on every change, so a batch that reads it once sees one consistent version
 * per target even while a swap happens.
 */
public final class TargetHeads {

  /** The versions of one target. {@code candidate} is null when no canary runs. */
  public record Versions(HeadId active, HeadId candidate) {}

  private final AtomicReference<Map<String, Versions>> byTarget = new AtomicReference<>(Map.of());

  /** The current assignment of every target; read once per batch. */
  public Map<String, Versions> snapshot() {
    return byTarget.get();
  }

  public Optional<Versions> of(String targetLlm) {
    return Optional.ofNullable(byTarget.get().get(targetLlm));
  }

  /** Makes {@code head} the target's active version; a candidate of the same version ends. */
  public void activate(HeadId head) {
    update(
        head.targetLlm(),
        current ->
            new Versions(
                head,
                current == null || head.equals(current.candidate()) ? null : current.candidate()));
  }

  /** Routes the target's canary share to {@code head}. */
  public void startCanary(HeadId head) {
    update(
        head.targetLlm(), current -> new Versions(current == null ? null : current.active(), head));
  }

  /** Stops routing canary traffic of the target. */
  public void endCanary(String targetLlm) {
    update(targetLlm, current -> current == null ? null : new Versions(current.active(), null));
  }

  private void update(String target, java.util.function.UnaryOperator<Versions> change) {
    byTarget.updateAndGet(
        current -> {
          Map<String, Versions> next = new HashMap<>(current);
          Versions changed = change.apply(current.get(target));
          if (changed == null || (changed.active() == null && changed.candidate() == null)) {
            next.remove(target);
          } else {
            next.put(target, changed);
          }
          return Map.copyOf(next);
        });
  }
}
