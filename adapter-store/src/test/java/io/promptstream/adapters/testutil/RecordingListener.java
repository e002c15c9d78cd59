package io.promptstream.adapters.testutil;

import io.promptstream.adapters.release.ReleaseEvent;
import io.promptstream.adapters.release.ReleaseListener;
import io.promptstream.adapters.release.ReleaseStage;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every event; can be told to fail. */
public final class RecordingListener implements ReleaseListener {

  private final List<ReleaseEvent> events = new CopyOnWriteArrayList<>();
  private volatile boolean failing;

  @Override
  public void onRelease(ReleaseEvent event) throws Exception {
    if (failing) {
      throw new IllegalStateException("broker unavailable");
    }
    events.add(event);
  }

  /** Makes the next calls fail (or succeed again). */
  public void failing(boolean failing) {
    this.failing = failing;
  }

  /** The events received, in order. */
  public List<ReleaseEvent> events() {
    return List.copyOf(events);
  }

  /** "stage version" per event, for compact assertions. */
  public List<String> summary() {
    return events.stream().map(e -> e.stage() + " " + e.version()).toList();
  }

  /** Forgets the events so far. */
  public void clear() {
    events.clear();
  }

  /** Events of one stage. */
  public List<ReleaseEvent> ofStage(ReleaseStage stage) {
    return events.stream().filter(e -> e.stage() == stage).toList();
  }
}
