package io.promptstream.schemas.registry.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Stopping child processes so that none is left running. */
public final class ChildProcesses {
  private static final Logger log = LoggerFactory.getLogger(ChildProcesses.class);

  private ChildProcesses() {}

  /**
   * Stops {@code process} and every process it started: asks politely (SIGTERM, so the registry can
   * shut down cleanly and delete its caches), kills whatever is still alive after {@code grace},
   * and returns once all are gone. If interrupted, kills at once and keeps the interrupt.
   */
  public static void stop(Process process, Duration grace) {
    // Taken before the parent goes: once it exits its children are re-parented and unreachable.
    List<ProcessHandle> descendants = process.descendants().toList();
    stop(process.toHandle(), grace);
    for (ProcessHandle child : descendants) {
      stop(child, grace);
    }
  }

  /**
   * Stops a process that a JVM killed outright left running: reads its pid from {@code pidFile} and
   * stops it only if its command line still mentions {@code marker} (pids are reused). Does nothing
   * if the file is absent or the process is gone.
   */
  public static void stopLeftover(Path pidFile, String marker) throws IOException {
    if (!Files.isRegularFile(pidFile)) {
      return;
    }
    String text = Files.readString(pidFile, StandardCharsets.US_ASCII).trim();
    Files.delete(pidFile);
    Optional<ProcessHandle> leftover;
    try {
      leftover = ProcessHandle.of(Long.parseLong(text));
    } catch (NumberFormatException e) {
      return;
    }
    leftover
        .filter(ProcessHandle::isAlive)
        .filter(p -> p.info().commandLine().map(line -> line.contains(marker)).orElse(false))
        .ifPresent(
            p -> {
              log.warn("Stopping registry process {} left running by an earlier JVM", p.pid());
              p.descendants().toList().forEach(child -> stop(child, Duration.ofSeconds(5)));
              stop(p, Duration.ofSeconds(5));
            });
  }

  private static void stop(ProcessHandle process, Duration grace) {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    if (awaitExit(process, grace)) {
      return;
    }
    log.warn("Process {} ignored SIGTERM for {}; killing it", process.pid(), grace);
    process.destroyForcibly();
    if (!awaitExit(process, grace)) {
      log.error("Process {} is still alive after SIGKILL", process.pid());
    }
  }

  private static boolean awaitExit(ProcessHandle process, Duration timeout) {
    try {
      process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      return !process.isAlive();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      return false;
    }
  }
}
