package io.promptstream.adapters.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DurableFilesTest {

  @TempDir Path tmp;

  @Test
  void shouldReplaceAFileWholeAndLeaveNoTemporaryFile() throws Exception {
    Path file = Files.writeString(tmp.resolve("active.json"), "old");

    DurableFiles.writeAtomically(file, "new".getBytes());

    assertThat(file).hasContent("new");
    try (Stream<Path> entries = Files.list(tmp)) {
      assertThat(entries).containsExactly(file);
    }
  }

  @Test
  void shouldDeleteATreeAndIgnoreAMissingPath() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("a/b"));
    Files.writeString(dir.resolve("f"), "x");

    DurableFiles.deleteRecursively(tmp.resolve("a"));
    DurableFiles.deleteRecursively(tmp.resolve("absent"));

    assertThat(tmp.resolve("a")).doesNotExist();
  }
}
