package io.promptstream.adapters.manifest;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.List;

/**
 * What a head was trained on, in a few fields an operator can read: enough to tell two versions
 * apart and to reproduce the selection, not the data itself.
 *
 * @param examples number of training examples
 * @param sources where the examples came from, e.g. {@code "feedback.judgments"} or a dataset file;
 *     empty when not recorded
 * @param weighting how examples were weighted or selected, free text (e.g. {@code "wins only,
 *     length-controlled"}); {@code null} when not recorded
 * @param collectedFrom earliest example time, or {@code null}
 * @param collectedUntil latest example time, or {@code null}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TrainingDataSummary(
    long examples,
    List<String> sources,
    String weighting,
    Instant collectedFrom,
    Instant collectedUntil) {

  /**
   * Creates a summary; a {@code null} source list is read as empty.
   *
   * @throws IllegalArgumentException when {@code examples} is negative or the window is reversed
   */
  public TrainingDataSummary {
    if (examples < 0) {
      throw new IllegalArgumentException("examples must not be negative, but was " + examples);
    }
    sources = sources == null ? List.of() : List.copyOf(sources);
    if (collectedFrom != null && collectedUntil != null && collectedUntil.isBefore(collectedFrom)) {
      throw new IllegalArgumentException(
          "collectedUntil " + collectedUntil + " is before collectedFrom " + collectedFrom);
    }
  }

  /** A summary of only a count and its sources. */
  public static TrainingDataSummary of(long examples, String... sources) {
    return new TrainingDataSummary(examples, List.of(sources), null, null, null);
  }
}
