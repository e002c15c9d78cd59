package io.promptstream.topology.abtest;

import io.promptstream.events.Experiment;
import java.time.Instant;
import java.util.Collections;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The experiments in force, shared by every stream thread of an instance and replaced as a whole
 * when one changes, so a lookup never sees a half-applied update.
 */
public final class ExperimentCatalog {

  private final AtomicReference<SortedMap<String, Experiment>> experiments =
      new AtomicReference<>(Collections.emptySortedMap());

  /** Adds or replaces an experiment. */
  public void put(Experiment experiment) {
    validate(experiment);
    experiments.updateAndGet(
        current -> {
          SortedMap<String, Experiment> next = new TreeMap<>(current);
          next.put(experiment.getName(), experiment);
          return Collections.unmodifiableSortedMap(next);
        });
  }

  /** Ends an experiment; its users' prompts are rewritten from now on. */
  public void remove(String name) {
    experiments.updateAndGet(
        current -> {
          SortedMap<String, Experiment> next = new TreeMap<>(current);
          next.remove(name);
          return Collections.unmodifiableSortedMap(next);
        });
  }

  /**
   * The experiment covering {@code targetLlm} at {@code now}; when several do, the one with the
   * smallest name, so every instance picks the same.
   */
  public Optional<Experiment> covering(String targetLlm, Instant now) {
    return experiments.get().values().stream()
        .filter(e -> e.getTargetLlms().isEmpty() || e.getTargetLlms().contains(targetLlm))
        .filter(e -> e.getStartsAt() == null || !now.isBefore(e.getStartsAt()))
        .filter(e -> e.getEndsAt() == null || now.isBefore(e.getEndsAt()))
        .findFirst();
  }

  /** The experiments in force, by name. */
  public SortedMap<String, Experiment> snapshot() {
    return experiments.get();
  }

  static void validate(Experiment e) {
    if (e.getName() == null || e.getName().isBlank()) {
      throw new IllegalArgumentException("experiment name must not be empty");
    }
    if (!(e.getTreatmentShare() >= 0 && e.getTreatmentShare() <= 1)) {
      throw new IllegalArgumentException(
          "experiment "
              + e.getName()
              + ": treatmentShare must be in [0, 1], was "
              + e.getTreatmentShare());
    }
    if (!(e.getCanaryShare() >= 0 && e.getCanaryShare() <= 1)) {
      throw new IllegalArgumentException(
          "experiment "
              + e.getName()
              + ": canaryShare must be in [0, 1], was "
              + e.getCanaryShare());
    }
  }
}
