package io.promptstream.adapters.release;

import java.io.IOException;
import java.util.List;

/**
 * The store's change is durable but its {@link ReleaseListener} failed. Nothing is undone: retry by
 * passing {@link #unannounced()} to the listener in order, or reconcile from the store.
 */
public class ReleaseAnnouncementException extends IOException {

  private static final long serialVersionUID = 1L;

  private final transient List<ReleaseEvent> unannounced;

  /**
   * Creates the exception.
   *
   * @param unannounced the event that failed, then those after it, in order
   * @param cause the listener's failure
   */
  public ReleaseAnnouncementException(List<ReleaseEvent> unannounced, Throwable cause) {
    super(
        "the store change is durable but announcing "
            + unannounced.get(0).stage()
            + " of "
            + unannounced.get(0).targetLlm()
            + "/"
            + unannounced.get(0).version()
            + " failed: "
            + cause,
        cause);
    this.unannounced = List.copyOf(unannounced);
  }

  /** The events not announced: the failed one first. */
  public List<ReleaseEvent> unannounced() {
    return unannounced;
  }
}
