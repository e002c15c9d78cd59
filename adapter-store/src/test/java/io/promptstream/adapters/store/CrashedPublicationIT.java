package io.promptstream.adapters.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.promptstream.adapters.testutil.Adapters;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A publishing process killed with SIGKILL in the middle of copying the weights.
 *
 * <p>Expected end state: while the killed writer held the target, a second store could not open
 * (the OS lock is held across processes); once it is dead, the second store opens, deletes the
 * half-written publication, lists no version, and assigns {@code v000001} to the next one.
 */
@Tag("integration")
class CrashedPublicationIT {

  private static final String TARGET = "llama-3-8b";

  @TempDir Path tmp;

  @Test
  void shouldDiscardAPublicationCutShortByACrash() throws Exception {
    Path root = tmp.resolve("store");
    byte[] weights = Files.readAllBytes(Adapters.writeValidHead(tmp.resolve("head.safetensors")));
    Path fifo = tmp.resolve("weights.fifo");
    assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
    Path versions = root.resolve(TARGET).resolve("versions");

    // Opened for reading and writing, the FIFO never blocks this side and never ends for the child.
    try (FileChannel pipe =
        FileChannel.open(fifo, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      Process child = startPublisher(root, fifo);
      try {
        pipe.write(ByteBuffer.wrap(Arrays.copyOf(weights, 100)));
        Path partial = awaitPartialCopy(versions, 100, child);
        CompletableFuture<FileSystemAdapterStore> reopening =
            CompletableFuture.supplyAsync(this::reopen);
        // Negative check: the live writer's lock must keep the second store from cleaning up.
        assertThat(waitQuietly(reopening, 500)).isFalse();
        assertThat(partial).exists();

        child.destroyForcibly();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();

        FileSystemAdapterStore store = reopening.get(30, TimeUnit.SECONDS);
        assertThat(partial.getParent()).doesNotExist();
        assertThat(store.list(TARGET)).isEmpty();
        try (Stream<Path> left = Files.list(versions)) {
          assertThat(left).isEmpty();
        }
        assertThat(
                store
                    .publish(Adapters.draft(TARGET, tmp.resolve("head.safetensors")).build())
                    .version())
            .isEqualTo("v000001");
      } finally {
        child.destroyForcibly();
      }
    }
  }

  private Process startPublisher(Path root, Path fifo) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(
            List.of(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                PublishingProcess.class.getName(),
                root.toString(),
                fifo.toString()))
        .redirectErrorStream(true)
        .redirectOutput(tmp.resolve("publisher.log").toFile())
        .start();
  }

  private Path awaitPartialCopy(Path versions, long size, Process child) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      assertThat(child.isAlive())
          .as("publisher died early: %s", Files.readString(tmp.resolve("publisher.log")))
          .isTrue();
      Optional<Path> partial = findPartial(versions);
      if (partial.isPresent() && Files.size(partial.get()) == size) {
        return partial.get();
      }
      Thread.sleep(20);
    }
    throw new AssertionError("the publisher never started copying");
  }

  private static Optional<Path> findPartial(Path versions) throws Exception {
    if (!Files.isDirectory(versions)) {
      return Optional.empty();
    }
    try (Stream<Path> entries = Files.list(versions)) {
      return entries
          .filter(p -> p.getFileName().toString().startsWith(".publish-"))
          .map(p -> p.resolve("adapter.safetensors"))
          .filter(Files::exists)
          .findFirst();
    }
  }

  private FileSystemAdapterStore reopen() {
    try {
      return FileSystemAdapterStore.builder().setRoot(tmp.resolve("store")).build();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean waitQuietly(CompletableFuture<?> future, long millis) {
    try {
      future.get(millis, TimeUnit.MILLISECONDS);
      return true;
    } catch (java.util.concurrent.TimeoutException e) {
      return false;
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
