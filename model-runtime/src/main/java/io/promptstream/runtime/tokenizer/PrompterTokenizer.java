package io.promptstream.runtime.tokenizer;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A Hugging Face {@code tokenizer.json} through DJL's bundled native tokenizers library, configured
 * for generation: no padding (the generator left-pads with an explicit pad id itself) and
 * truncation at an explicit maximum length, which is reported rather than hidden.
 *
 * <p>Thread-safe: the native tokenizer may be shared.
 */
public final class PrompterTokenizer implements AutoCloseable {

  private final HuggingFaceTokenizer tokenizer;
  private final int maxLength;

  /**
   * The ids of one text.
   *
   * @param ids token ids (at most the maximum length)
   * @param truncated whether the text was longer than the maximum length and got cut
   */
  public record Encoded(long[] ids, boolean truncated) {}

  private PrompterTokenizer(HuggingFaceTokenizer tokenizer, int maxLength) {
    this.tokenizer = tokenizer;
    this.maxLength = maxLength;
  }

  /**
   * Loads a {@code tokenizer.json}.
   *
   * @param tokenizerJson the file
   * @param maxLength longest encoding returned; longer texts are cut and flagged
   * @param addSpecialTokens whether the tokenizer's post-processor adds its special tokens (BOS)
   * @throws IOException when the file is missing or invalid
   */
  public static PrompterTokenizer load(Path tokenizerJson, int maxLength, boolean addSpecialTokens)
      throws IOException {
    if (maxLength <= 0) {
      throw new IllegalArgumentException("maxLength must be positive, got " + maxLength);
    }
    if (!Files.isRegularFile(tokenizerJson)) {
      throw new java.io.FileNotFoundException(tokenizerJson.toString());
    }
    HuggingFaceTokenizer.Builder builder =
        HuggingFaceTokenizer.builder()
            .optTokenizerPath(tokenizerJson)
            .optAddSpecialTokens(addSpecialTokens)
            .optPadding(false)
            .optTruncation(true)
            .optMaxLength(maxLength);
    // DJL silently lowers maxLength to modelMaxLength (512 unless a tokenizer_config.json says
    // otherwise); the caller's limit is the one that counts.
    builder.configure(Map.of("modelMaxLength", String.valueOf(maxLength)));
    HuggingFaceTokenizer tokenizer = builder.build();
    return new PrompterTokenizer(tokenizer, maxLength);
  }

  /** Encodes a text. */
  public Encoded encode(String text) {
    Encoding encoding = tokenizer.encode(text);
    return new Encoded(encoding.getIds(), encoding.exceedMaxLength());
  }

  /** Decodes ids to text, leaving out special tokens. */
  public String decode(long[] ids) {
    return tokenizer.decode(ids, true);
  }

  /** Decodes several id sequences in one native call, leaving out special tokens. */
  public String[] decodeAll(long[][] ids) {
    return tokenizer.batchDecode(ids, true);
  }

  /** The maximum encoding length. */
  public int maxLength() {
    return maxLength;
  }

  @Override
  public void close() {
    tokenizer.close();
  }
}
