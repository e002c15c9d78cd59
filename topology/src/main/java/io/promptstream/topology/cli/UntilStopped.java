package io.promptstream.topology.cli;

import java.util.concurrent.CountDownLatch;

/** Keeps a long-running command alive until the JVM is asked to stop (SIGTERM or Ctrl-C). */
final class UntilStopped {

  private UntilStopped() {}

  /**
   * Blocks until shutdown; the shutdown hook closes {@code service} first, so it stops cleanly
   * before the JVM exits. The caller still owns {@code service}: its close must be idempotent.
   */
  static void await(AutoCloseable service, String hookName) throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    service.close();
                  } catch (Exception e) {
                    System.err.println("Error while stopping: " + e.getMessage());
                  } finally {
                    stopped.countDown();
                  }
                },
                hookName));
    stopped.await();
  }
}
