package io.promptstream.schemas.registry.internal;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/** The end of a log file, for error messages. */
public final class LogTail {
  private static final int MAX_BYTES = 16 * 1024;
  private static final int MAX_LINES = 40;

  private LogTail() {}

  /** The last lines of {@code file}; a note instead if it cannot be read. Never throws. */
  public static String read(Path file) {
    try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
      long start = Math.max(0, in.length() - MAX_BYTES);
      byte[] bytes = new byte[(int) (in.length() - start)];
      in.seek(start);
      in.readFully(bytes);
      String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\\R");
      int from = Math.max(0, lines.length - MAX_LINES);
      return String.join("\n", Arrays.copyOfRange(lines, from, lines.length));
    } catch (IOException e) {
      return "(" + file + " could not be read: " + e + ")";
    }
  }
}
