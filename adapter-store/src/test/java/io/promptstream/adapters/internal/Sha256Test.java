package io.promptstream.adapters.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.promptstream.adapters.testutil.AdapterDirs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Sha256Test {

  @TempDir Path tmp;

  @Test
  void shouldMatchTheStandardTestVector() {
    assertThat(Sha256.hex("abc".getBytes(StandardCharsets.US_ASCII)))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @Test
  void shouldStreamAFileLargerThanItsBuffer() throws Exception {
    byte[] content = new byte[200_000];
    new Random(7).nextBytes(content);
    Path file = Files.write(tmp.resolve("big.bin"), content);

    assertThat(Sha256.hex(file)).isEqualTo(AdapterDirs.sha256(file)).isEqualTo(Sha256.hex(content));
  }

  @Test
  void shouldCopyAFileAndReturnTheHashOfTheCopy() throws Exception {
    byte[] content = new byte[70_000];
    new Random(3).nextBytes(content);
    Path source = Files.write(tmp.resolve("a"), content);

    String hash = Sha256.copy(source, tmp.resolve("b"));

    assertThat(tmp.resolve("b")).hasBinaryContent(content);
    assertThat(hash).isEqualTo(AdapterDirs.sha256(source));
  }

  @Test
  void shouldRecogniseOnlyLowercaseHexDigests() {
    assertThat(Sha256.isHex("0123456789abcdef".repeat(4))).isTrue();
    assertThat(Sha256.isHex("0123456789ABCDEF".repeat(4))).isFalse();
    assertThat(Sha256.isHex("abc")).isFalse();
    assertThat(Sha256.isHex(null)).isFalse();
  }
}
