package io.promptstream.runtime.training.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the prompt-rewrite dataset: JSON Lines, one object per line with {@code id}, {@code
 * category}, {@code prompt} and {@code rewrites.{structured,expert,concise}}. Blank lines are
 * skipped.
 */
public final class PromptRewriteDataset {

  /** The dataset's path relative to the repository root. */
  public static final String DEFAULT_PATH = "data/prompt-rewrites.jsonl";

  private static final ObjectMapper JSON = new ObjectMapper();

  private PromptRewriteDataset() {}

  /**
   * Reads every record, in file order.
   *
   * @throws IOException when the file is unreadable, or a line is not a valid record (the message
   *     names the line), or an id repeats
   */
  public static List<PromptRewrite> read(Path file) throws IOException {
    List<PromptRewrite> out = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int number = 0;
      while ((line = reader.readLine()) != null) {
        number++;
        if (line.isBlank()) {
          continue;
        }
        PromptRewrite record;
        try {
          record = parse(JSON.readTree(line));
        } catch (IOException | RuntimeException e) {
          throw new IOException(file + ":" + number + ": " + e.getMessage(), e);
        }
        if (!ids.add(record.id())) {
          throw new IOException(file + ":" + number + ": duplicate id " + record.id());
        }
        out.add(record);
      }
    }
    return out;
  }

  private static PromptRewrite parse(JsonNode node) {
    JsonNode rewrites = node.get("rewrites");
    if (rewrites == null || !rewrites.isObject()) {
      throw new IllegalArgumentException("rewrites missing");
    }
    Map<RewriteStyle, String> byStyle = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> it = rewrites.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      byStyle.put(RewriteStyle.ofKey(e.getKey()), e.getValue().asText());
    }
    return new PromptRewrite(
        text(node, "id"), text(node, "category"), text(node, "prompt"), byStyle);
  }

  private static String text(JsonNode node, String key) {
    JsonNode v = node.get(key);
    if (v == null || !v.isTextual() || v.asText().isBlank()) {
      throw new IllegalArgumentException(key + " missing or blank");
    }
    return v.asText();
  }
}
