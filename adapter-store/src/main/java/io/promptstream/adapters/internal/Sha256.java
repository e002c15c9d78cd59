package io.promptstream.adapters.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 digests as lowercase hex. Files are streamed through a fixed buffer, so an adapter of any
 * size is hashed in constant memory.
 */
public final class Sha256 {

  /** Length of a digest in hex characters. */
  public static final int HEX_LENGTH = 64;

  private static final int BUFFER_BYTES = 1 << 16;
  private static final HexFormat HEX = HexFormat.of();

  private Sha256() {}

  /** A fresh SHA-256 digest (every Java runtime ships one). */
  public static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by the Java platform", e);
    }
  }

  /** Digest of a byte array. */
  public static String hex(byte[] bytes) {
    return HEX.formatHex(newDigest().digest(bytes));
  }

  /** Digest of a file's content. */
  public static String hex(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      return hex(channel);
    }
  }

  /**
   * Digest of a channel's content from position 0 to its end; the position is left at the end. Lets
   * a caller hash and then parse the very same open file.
   */
  public static String hex(SeekableByteChannel channel) throws IOException {
    MessageDigest digest = newDigest();
    ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES);
    channel.position(0);
    while (channel.read(buffer) >= 0) {
      buffer.flip();
      digest.update(buffer);
      buffer.clear();
    }
    return HEX.formatHex(digest.digest());
  }

  /**
   * Copies a file and returns the digest of the bytes written, fsyncing the copy. The digest is of
   * what was copied, not of a second read of the source, so a source that changes during the copy
   * cannot yield a copy whose recorded hash is wrong.
   *
   * @param source the file to copy
   * @param target the new file; must not exist
   */
  public static String copy(Path source, Path target) throws IOException {
    MessageDigest digest = newDigest();
    byte[] buffer = new byte[BUFFER_BYTES];
    try (InputStream in = Files.newInputStream(source);
        FileChannel channel =
            FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        OutputStream out = Channels.newOutputStream(channel)) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        digest.update(buffer, 0, n);
        out.write(buffer, 0, n);
      }
      out.flush();
      channel.force(true);
    }
    return HEX.formatHex(digest.digest());
  }

  /** Whether a string is a digest in the form this class writes: 64 lowercase hex characters. */
  public static boolean isHex(String value) {
    if (value == null || value.length() != HEX_LENGTH) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }
}
