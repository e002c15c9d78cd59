package io.promptstream.runtime.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a valid byte-level BPE {@code tokenizer.json} (the GPT-2 scheme) of an exact vocabulary
 * size: the 256 byte symbols, deterministic merges of lowercase letters (with and without a leading
 * space) to fill the vocabulary, and {@value #EOS} as the last id. Any text encodes without an
 * unknown token and decodes back, which makes it a stand-in tokenizer for random models in tests
 * and benchmarks.
 */
public final class ByteLevelBpe {

  /** The end-of-text special token; its id is {@code vocabSize - 1}. */
  public static final String EOS = "<|endoftext|>";

  /** Smallest possible vocabulary: the 256 bytes plus the end-of-text token. */
  public static final int MIN_VOCAB = 257;

  private static final String LETTERS = "etaoinshrdlucmfwypvbgkjqxz";
  private static final ObjectMapper JSON = new ObjectMapper();

  private ByteLevelBpe() {}

  /**
   * Writes the tokenizer.
   *
   * @param file destination, usually {@code tokenizer.json}
   * @param vocabSize total ids including the end-of-text token, at least {@value #MIN_VOCAB}
   */
  public static void write(Path file, int vocabSize) throws IOException {
    if (vocabSize < MIN_VOCAB) {
      throw new IllegalArgumentException("vocabSize must be >= " + MIN_VOCAB);
    }
    String[] byteSymbols = byteSymbols();
    Map<String, Integer> vocab = new LinkedHashMap<>();
    for (int b = 0; b < 256; b++) {
      vocab.put(byteSymbols[b], b);
    }
    List<String> merges = merges(byteSymbols[' '], vocabSize - MIN_VOCAB);
    for (String merge : merges) {
      vocab.put(merge.replace(" ", ""), vocab.size());
    }
    int eosId = vocab.size();

    ObjectNode root = JSON.createObjectNode();
    root.put("version", "1.0");
    root.putNull("truncation");
    root.putNull("padding");
    ObjectNode special = root.putArray("added_tokens").addObject();
    special.put("id", eosId);
    special.put("content", EOS);
    special.put("single_word", false);
    special.put("lstrip", false);
    special.put("rstrip", false);
    special.put("normalized", false);
    special.put("special", true);
    root.putNull("normalizer");
    byteLevel(root.putObject("pre_tokenizer"), false);
    byteLevel(root.putObject("post_processor"), false);
    byteLevel(root.putObject("decoder"), false);
    ObjectNode model = root.putObject("model");
    model.put("type", "BPE");
    model.putNull("dropout");
    model.putNull("unk_token");
    model.putNull("continuing_subword_prefix");
    model.putNull("end_of_word_suffix");
    model.put("fuse_unk", false);
    model.put("byte_fallback", false);
    ObjectNode vocabNode = model.putObject("vocab");
    vocab.forEach(vocabNode::put);
    ArrayNode mergeNode = model.putArray("merges");
    merges.forEach(mergeNode::add);
    Files.write(file, JSON.writeValueAsBytes(root));
  }

  private static void byteLevel(ObjectNode node, boolean addPrefixSpace) {
    node.put("type", "ByteLevel");
    node.put("add_prefix_space", addPrefixSpace);
    node.put("trim_offsets", true);
    node.put("use_regex", true);
  }

  /** Deterministic merges: " x", "xy", " xy", "xyz" for letters x, y, z, in that order. */
  private static List<String> merges(String space, int count) {
    List<String> out = new ArrayList<>(count);
    List<String> singles = new ArrayList<>();
    for (char c : LETTERS.toCharArray()) {
      singles.add(String.valueOf(c));
    }
    List<String> spaced = new ArrayList<>();
    for (String s : singles) {
      spaced.add(space + " " + s);
    }
    List<String> pairs = new ArrayList<>();
    for (String a : singles) {
      for (String b : singles) {
        pairs.add(a + " " + b);
      }
    }
    List<String> spacedPairs = new ArrayList<>();
    for (String a : singles) {
      for (String b : singles) {
        spacedPairs.add(space + a + " " + b);
      }
    }
    List<String> triples = new ArrayList<>();
    for (String a : singles) {
      for (String b : singles) {
        for (String c : singles) {
          triples.add(a + b + " " + c);
        }
      }
    }
    for (List<String> level : List.of(spaced, pairs, spacedPairs, triples)) {
      for (String merge : level) {
        if (out.size() == count) {
          return out;
        }
        out.add(merge);
      }
    }
    if (out.size() < count) {
      throw new IllegalArgumentException("vocabulary too large for the generated merges");
    }
    return out;
  }

  /** GPT-2's reversible mapping of bytes to printable unicode symbols. */
  static String[] byteSymbols() {
    String[] symbols = new String[256];
    int next = 256;
    for (int b = 0; b < 256; b++) {
      boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE);
      symbols[b] = new String(Character.toChars(printable ? b : next++));
    }
    return symbols;
  }
}
