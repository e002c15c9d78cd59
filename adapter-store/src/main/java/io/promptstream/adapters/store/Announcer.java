package io.promptstream.adapters.store;

import io.promptstream.adapters.release.ReleaseAnnouncementException;
import io.promptstream.adapters.release.ReleaseEvent;
import io.promptstream.adapters.release.ReleaseListener;
import java.util.List;

/** Hands events to the listener in order and turns its failure into a retryable exception. */
final class Announcer {

  private final ReleaseListener listener;

  Announcer(ReleaseListener listener) {
    this.listener = listener;
  }

  void announce(List<ReleaseEvent> events) throws ReleaseAnnouncementException {
    for (int i = 0; i < events.size(); i++) {
      try {
        listener.onRelease(events.get(i));
      } catch (Exception e) {
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
        throw new ReleaseAnnouncementException(events.subList(i, events.size()), e);
      }
    }
  }
}
