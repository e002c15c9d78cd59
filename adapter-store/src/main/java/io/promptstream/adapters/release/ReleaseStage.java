package io.promptstream.adapters.release;

/** What happened to an adapter version; the same symbols as the {@code ReleaseStage} event. */
public enum ReleaseStage {
  /** Published: stored and verified, serving no traffic until promoted or given a canary share. */
  CANARY,
  /** Now the target's active version: every gateway should serve it. */
  ACTIVE,
  /**
   * Withdrawn by a rollback: it stops serving; an {@link #ACTIVE} event for the restored version
   * follows.
   */
  ROLLED_BACK,
  /** Deleted by retention: it can no longer be loaded. */
  RETIRED
}
