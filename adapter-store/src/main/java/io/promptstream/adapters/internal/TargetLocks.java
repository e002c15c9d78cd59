package io.promptstream.adapters.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One writer per target at a time: an in-process lock for threads, plus an OS file lock on the
 * target's lock file for other processes on the same host. Reentrant for a thread that already
 * holds the target (the OS lock is taken once, since the JVM refuses overlapping file locks).
 *
 * <p>The in-process locks are per JVM and keyed by lock file, so two store instances over the same
 * root in one JVM also take turns instead of colliding on the OS lock.
 */
public final class TargetLocks {

  private static final ConcurrentMap<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

  private TargetLocks() {}

  /**
   * Blocks until the target is held.
   *
   * @param lockFile the target's lock file; created when absent, its directory must exist
   * @return the hold, to close when done
   */
  public static Hold acquire(Path lockFile) throws IOException {
    ReentrantLock lock =
        LOCKS.computeIfAbsent(lockFile.toAbsolutePath().normalize(), f -> new ReentrantLock());
    lock.lock();
    if (lock.getHoldCount() > 1) {
      return new Hold(lock, null);
    }
    try {
      FileChannel channel =
          FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      try {
        channel.lock();
        return new Hold(lock, channel);
      } catch (IOException | RuntimeException e) {
        channel.close();
        throw e;
      }
    } catch (IOException | RuntimeException e) {
      lock.unlock();
      throw e;
    }
  }

  /**
   * Runs work while holding the target.
   *
   * @param lockFile the target's lock file; created when absent, its directory must exist
   * @param work the work
   * @return what the work returns
   */
  @SuppressWarnings("try") // the hold is used only for its release
  public static <T> T locked(Path lockFile, Work<T> work) throws IOException {
    try (Hold hold = acquire(lockFile)) {
      return work.run();
    }
  }

  /** Work done under a target's lock. */
  @FunctionalInterface
  public interface Work<T> {
    /** Does the work. */
    T run() throws IOException;
  }

  /** A held target; closing releases it. */
  public static final class Hold implements AutoCloseable {
    private final ReentrantLock lock;
    private final FileChannel channel;

    private Hold(ReentrantLock lock, FileChannel channel) {
      this.lock = lock;
      this.channel = channel;
    }

    @Override
    public void close() throws IOException {
      try {
        if (channel != null) {
          channel.close(); // releases the OS lock
        }
      } finally {
        lock.unlock();
      }
    }
  }
}
