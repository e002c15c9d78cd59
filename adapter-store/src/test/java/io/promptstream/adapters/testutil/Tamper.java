package io.promptstream.adapters.testutil;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/** Edits published files the way an attacker or a broken disk would. */
public final class Tamper {

  private static final ObjectMapper JSON = new ObjectMapper();

  private Tamper() {}

  /** Flips every bit of one byte. */
  public static void flipByte(Path file, long position) throws IOException {
    byte[] bytes = read(file);
    bytes[(int) position] ^= (byte) 0xff;
    write(file, bytes);
  }

  /** Flips the last byte (inside the tensor data of a safetensors file). */
  public static void flipLastByte(Path file) throws IOException {
    flipByte(file, Files.size(file) - 1);
  }

  /** Rewrites a JSON object file after an edit. */
  public static void editJson(Path file, Consumer<ObjectNode> edit) throws IOException {
    ObjectNode node = (ObjectNode) JSON.readTree(read(file));
    edit.accept(node);
    write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(node));
  }

  /** Replaces a file's content. */
  public static void write(Path file, byte[] content) throws IOException {
    if (Files.exists(file)) {
      file.toFile().setWritable(true);
    }
    Files.write(file, content);
  }

  private static byte[] read(Path file) throws IOException {
    return Files.readAllBytes(file);
  }
}
