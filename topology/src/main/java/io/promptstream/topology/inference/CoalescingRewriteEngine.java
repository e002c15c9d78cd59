package io.promptstream.topology.inference;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Lets stream threads share one model: batches that arrive while the model is busy are merged into
 * one device batch, run as soon as the model frees up. The trunk then runs once for all of them
 * (the model groups rows by head), instead of once per stream thread.
 *
 * <p>Leader/follower: the caller that finds the model idle runs the merged batch, then hands the
 * model to the oldest waiting caller, which runs whatever queued meanwhile. No thread is kept and
 * no caller serves others for longer than one merged batch. A failure of a merged batch fails every
 * batch merged into it.
 */
public final class CoalescingRewriteEngine implements RewriteEngine {

  private final RewriteEngine delegate;
  private final int maxRows;
  private final ArrayDeque<Pending> queue = new ArrayDeque<>();
  private boolean busy;

  /**
   * @param maxRows most rows merged into one device batch; a larger single batch runs alone
   */
  public CoalescingRewriteEngine(RewriteEngine delegate, int maxRows) {
    if (maxRows < 1) {
      throw new IllegalArgumentException("maxRows must be >= 1, was " + maxRows);
    }
    this.delegate = delegate;
    this.maxRows = maxRows;
  }

  @Override
  public List<RewriteResult> rewrite(List<RewriteJob> jobs) {
    Pending mine = new Pending(jobs);
    synchronized (this) {
      queue.add(mine);
      while (!mine.done && (busy || queue.peek() != mine)) {
        try {
          wait();
        } catch (InterruptedException e) {
          queue.remove(mine);
          notifyAll();
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while waiting for the model", e);
        }
      }
      if (mine.done) {
        return mine.results();
      }
      busy = true;
    }
    List<Pending> merged = take(mine);
    try {
      run(merged);
    } finally {
      synchronized (this) {
        busy = false;
        notifyAll();
      }
    }
    return mine.results();
  }

  /** The leader's own batch and, up to {@code maxRows}, the batches queued behind it. */
  private synchronized List<Pending> take(Pending leader) {
    List<Pending> merged = new ArrayList<>();
    int rows = 0;
    while (!queue.isEmpty()) {
      Pending next = queue.peek();
      if (next != leader && rows + next.jobs.size() > maxRows) {
        break;
      }
      merged.add(queue.poll());
      rows += next.jobs.size();
    }
    return merged;
  }

  private void run(List<Pending> merged) {
    List<RewriteJob> all = new ArrayList<>();
    merged.forEach(p -> all.addAll(p.jobs));
    List<RewriteResult> results = null;
    RuntimeException failure = null;
    try {
      results = delegate.rewrite(all);
      if (results.size() != all.size()) {
        throw new IllegalStateException(
            "engine returned " + results.size() + " results for " + all.size() + " jobs");
      }
    } catch (RuntimeException e) {
      failure = e;
    }
    synchronized (this) {
      int offset = 0;
      for (Pending p : merged) {
        if (failure != null) {
          p.failure = failure;
        } else {
          p.results = List.copyOf(results.subList(offset, offset + p.jobs.size()));
        }
        offset += p.jobs.size();
        p.done = true;
      }
    }
  }

  /** Batches waiting for the model (or for the merged batch they joined) right now. */
  public synchronized int waitingBatches() {
    return queue.size();
  }

  @Override
  public void close() {
    delegate.close();
  }

  private static final class Pending {
    final List<RewriteJob> jobs;
    boolean done;
    List<RewriteResult> results;
    RuntimeException failure;

    Pending(List<RewriteJob> jobs) {
      this.jobs = jobs;
    }

    List<RewriteResult> results() {
      if (failure != null) {
        throw failure;
      }
      return results;
    }
  }
}
