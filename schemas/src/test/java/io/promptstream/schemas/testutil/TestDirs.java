package io.promptstream.schemas.testutil;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Fresh per-test work directories below the build's work dir ({@code target/work}). */
public final class TestDirs {
  private TestDirs() {}

  /** An empty directory {@code <promptstream.work.dir>/<name>}, emptied if it existed. */
  public static Path fresh(String name) {
    Path root = Path.of(System.getProperty("promptstream.work.dir", "target/work"));
    Path dir = root.resolve(name).toAbsolutePath().normalize();
    try {
      if (Files.exists(dir)) {
        try (Stream<Path> walk = Files.walk(dir)) {
          for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
            Files.delete(path);
          }
        }
      }
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
