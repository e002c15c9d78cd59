package io.promptstream.runtime.training.tokenizer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes a {@link BpeVocabulary} as a Hugging Face {@code tokenizer.json}: no normalizer, a
 * ByteLevel pre-tokenizer (no prefix space, GPT-2 pattern), a BPE model with the vocabulary and
 * merges and no unknown token, a ByteLevel post-processor (adds no tokens) and decoder; every
 * special token is an added, special token that is never split.
 *
 * <p>The same file loads in DJL's {@code HuggingFaceTokenizer} and in Hugging Face {@code
 * tokenizers}/{@code transformers}.
 */
public final class TokenizerJson {

  private static final ObjectMapper JSON = new ObjectMapper();

  private TokenizerJson() {}

  /** Writes the file. */
  public static void write(BpeVocabulary vocabulary, Path file) throws IOException {
    Files.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(toJson(vocabulary)));
  }

  /** The JSON of the file. */
  public static ObjectNode toJson(BpeVocabulary vocabulary) {
    ObjectNode root = JSON.createObjectNode();
    root.put("version", "1.0");
    root.putNull("truncation");
    root.putNull("padding");
    ArrayNode added = root.putArray("added_tokens");
    for (String token : vocabulary.specialTokens()) {
      ObjectNode t = added.addObject();
      t.put("id", vocabulary.specialId(token));
      t.put("content", token);
      t.put("single_word", false);
      t.put("lstrip", false);
      t.put("rstrip", false);
      t.put("normalized", false);
      t.put("special", true);
    }
    root.putNull("normalizer");
    byteLevel(root.putObject("pre_tokenizer")).put("use_regex", true);
    byteLevel(root.putObject("post_processor"));
    byteLevel(root.putObject("decoder"));
    ObjectNode model = root.putObject("model");
    model.put("type", "BPE");
    model.putNull("dropout");
    model.putNull("unk_token");
    model.putNull("continuing_subword_prefix");
    model.putNull("end_of_word_suffix");
    model.put("fuse_unk", false);
    model.put("byte_fallback", false);
    ObjectNode vocab = model.putObject("vocab");
    for (Map.Entry<String, Integer> e : vocabulary.tokenIds().entrySet()) {
      vocab.put(e.getKey(), e.getValue());
    }
    ArrayNode merges = model.putArray("merges");
    for (String[] merge : vocabulary.merges()) {
      merges.add(merge[0] + " " + merge[1]);
    }
    return root;
  }

  private static ObjectNode byteLevel(ObjectNode node) {
    node.put("type", "ByteLevel");
    node.put("add_prefix_space", false);
    node.put("trim_offsets", true);
    return node;
  }
}
