package io.promptstream.topology.testutil;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Work directories for integration tests, under the build's work directory. */
public final class TestWorkDirs {

  private TestWorkDirs() {}

  /** A fresh directory under {@code promptstream.work.dir} (set by the build) for one test. */
  public static Path create(String name) {
    Path base = Path.of(System.getProperty("promptstream.work.dir", "target/work"));
    try {
      Files.createDirectories(base);
      return Files.createTempDirectory(base, name + "-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
