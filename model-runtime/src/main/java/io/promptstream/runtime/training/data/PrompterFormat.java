package io.promptstream.runtime.training.data;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.promptstream.runtime.generate.PromptTemplate;
import io.promptstream.runtime.tokenizer.PrompterTokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The sequence format the prompter is trained on, and the matching inference template:
 *
 * <pre>
 * &lt;|user|&gt;{prompt}&lt;|rewrite|&gt;{rewrite}&lt;|eos|&gt;
 * </pre>
 *
 * <p>The special tokens have fixed ids ({@value #PAD_ID} pad, {@value #EOS_ID} end of sequence,
 * {@value #USER_ID} and {@value #REWRITE_ID} the markers, {@value #COPY_ID} the marker of the
 * auxiliary copy task). The part up to and including {@code <|rewrite|>} is exactly what {@link
 * #TEMPLATE} produces at inference, encoded the same way, so the model sees at inference the prefix
 * it was trained on. A prompter directory records the template in {@value PromptTemplate#FILE_NAME}
 * (see {@link #writeTemplateFile(Path)}), which {@code Prompter.load} picks up.
 */
public final class PrompterFormat {

  /** Padding (never attended to, never predicted). */
  public static final String PAD = "<|pad|>";

  /** End of sequence: ends a rewrite. */
  public static final String EOS = "<|eos|>";

  /** Opens the user prompt. */
  public static final String USER = "<|user|>";

  /** Opens the rewrite. */
  public static final String REWRITE = "<|rewrite|>";

  /**
   * Opens a verbatim copy of the prompt: the auxiliary copy task, {@code
   * <|user|>{prompt}<|copy|>{prompt}<|eos|>}, which teaches a small model trained from scratch to
   * carry the prompt's words over (see {@link #encodeCopy}). Never used at inference.
   */
  public static final String COPY = "<|copy|>";

  /** The special tokens in id order. */
  public static final List<String> SPECIAL_TOKENS = List.of(PAD, EOS, USER, REWRITE, COPY);

  /** Id of {@link #PAD}. */
  public static final int PAD_ID = 0;

  /** Id of {@link #EOS}. */
  public static final int EOS_ID = 1;

  /** Id of {@link #USER}. */
  public static final int USER_ID = 2;

  /** Id of {@link #REWRITE}. */
  public static final int REWRITE_ID = 3;

  /** Id of {@link #COPY}. */
  public static final int COPY_ID = 4;

  /** The inference template; generation ends at {@link #EOS}, so it needs no stop strings. */
  public static final PromptTemplate TEMPLATE =
      new PromptTemplate(USER + PromptTemplate.PLACEHOLDER + REWRITE, List.of());

  private PrompterFormat() {}

  /**
   * Encodes one (prompt, rewrite) pair.
   *
   * @param tokenizer the prompter's tokenizer (its maximum length must cover the sequence)
   * @param prompt the user prompt
   * @param rewrite the target rewrite
   * @param weight the example's loss weight
   * @param maxLength longest sequence allowed (the model's context)
   * @return the example, or {@code null} when it does not fit {@code maxLength}
   */
  public static TrainingExample encode(
      PrompterTokenizer tokenizer, String prompt, String rewrite, float weight, int maxLength) {
    PrompterTokenizer.Encoded head = tokenizer.encode(TEMPLATE.apply(prompt));
    PrompterTokenizer.Encoded body = tokenizer.encode(rewrite);
    if (head.truncated() || body.truncated()) {
      return null;
    }
    int length = head.ids().length + body.ids().length + 1;
    if (length > maxLength) {
      return null;
    }
    long[] ids = new long[length];
    System.arraycopy(head.ids(), 0, ids, 0, head.ids().length);
    System.arraycopy(body.ids(), 0, ids, head.ids().length, body.ids().length);
    ids[length - 1] = EOS_ID;
    return new TrainingExample(ids, head.ids().length, weight);
  }

  /**
   * Encodes the auxiliary copy task for a prompt: {@code <|user|>{prompt}<|copy|>{prompt}<|eos|>},
   * with the loss on the copy and the end token.
   *
   * @return the example, or {@code null} when it does not fit {@code maxLength}
   */
  public static TrainingExample encodeCopy(
      PrompterTokenizer tokenizer, String prompt, float weight, int maxLength) {
    PrompterTokenizer.Encoded head = tokenizer.encode(USER + prompt + COPY);
    PrompterTokenizer.Encoded body = tokenizer.encode(prompt);
    if (head.truncated() || body.truncated()) {
      return null;
    }
    int length = head.ids().length + body.ids().length + 1;
    if (length > maxLength) {
      return null;
    }
    long[] ids = new long[length];
    System.arraycopy(head.ids(), 0, ids, 0, head.ids().length);
    System.arraycopy(body.ids(), 0, ids, head.ids().length, body.ids().length);
    ids[length - 1] = EOS_ID;
    return new TrainingExample(ids, head.ids().length, weight);
  }

  /**
   * Writes {@value PromptTemplate#FILE_NAME} into a prompter directory: the template and the
   * special tokens, for {@code Prompter.load} and for readers of the directory.
   */
  public static void writeTemplateFile(Path modelDir) throws IOException {
    ObjectMapper json = new ObjectMapper();
    ObjectNode root = json.createObjectNode();
    root.put("prompt_template", TEMPLATE.text());
    root.putArray("stop_strings");
    ObjectNode special = root.putObject("special_tokens");
    special.put("pad", PAD);
    special.put("eos", EOS);
    special.put("user", USER);
    special.put("rewrite", REWRITE);
    special.put("copy", COPY);
    root.put("format", USER + "{prompt}" + REWRITE + "{rewrite}" + EOS);
    Files.write(
        modelDir.resolve(PromptTemplate.FILE_NAME),
        json.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
  }
}
