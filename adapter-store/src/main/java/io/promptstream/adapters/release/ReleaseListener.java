package io.promptstream.adapters.release;

/**
 * Receives the release events of an adapter store, e.g. to publish them on the compacted {@code
 * adapters.releases} topic keyed by target LLM.
 *
 * <p>The store calls it after a change is durable, while still holding the target's lock, so events
 * of one target arrive in the order of the changes. The store's state is the source of truth: a
 * listener that throws does not undo the change; the operation then fails with a {@link
 * ReleaseAnnouncementException} carrying the events not yet announced, for the caller to retry, and
 * {@code AdapterStore.activeReleases()} re-derives the serving state for reconciliation.
 *
 * <p>An operation that changes the active version emits that version's {@link ReleaseStage#ACTIVE}
 * event last. On a topic compacted by target, a later {@link ReleaseStage#CANARY} or {@link
 * ReleaseStage#RETIRED} record replaces that ACTIVE record, so a listener feeding such a topic
 * either forwards only ACTIVE and ROLLED_BACK events or lets its consumers resolve the version to
 * serve with {@code AdapterStore.loadActive}.
 */
@FunctionalInterface
public interface ReleaseListener {

  /** A listener that ignores every event. */
  ReleaseListener NONE = event -> {};

  /**
   * Handles one event. Should return promptly: the target's lock is held meanwhile.
   *
   * @param event the event
   * @throws Exception when the event could not be handled; the store reports it to its caller
   */
  void onRelease(ReleaseEvent event) throws Exception;
}
