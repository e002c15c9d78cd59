package io.promptstream.adapters.store;

import java.util.List;
import java.util.Set;

/** Which versions retention deletes: a pure rule, kept apart from the file work. */
final class Retention {

  private Retention() {}

  /**
   * The versions to delete: those older than the newest {@code keep}, except protected ones.
   * Protected versions outside the window are kept in addition to the {@code keep} newest.
   *
   * @param oldestFirst the target's versions in publication order
   * @param keep how many of the newest to keep, at least 1
   * @param protectedVersions versions never deleted (active, roll back history, active's parent)
   * @return the versions to delete, oldest first
   */
  static List<String> select(List<String> oldestFirst, int keep, Set<String> protectedVersions) {
    int beyond = Math.max(0, oldestFirst.size() - keep);
    return oldestFirst.subList(0, beyond).stream()
        .filter(v -> !protectedVersions.contains(v))
        .toList();
  }
}
