package io.promptstream.topology.abtest;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Maps a string to a uniform number in [0, 1), the same on every instance, JVM and release: the
 * first 8 bytes of its SHA-256. Users keep their arm across restarts and rebalances.
 */
final class StickyHash {

  private StickyHash() {}

  static double unitInterval(String value) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
      long bits = ByteBuffer.wrap(digest, 0, 8).getLong() >>> 11; // 53 bits of mantissa
      return bits / (double) (1L << 53);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }
}
