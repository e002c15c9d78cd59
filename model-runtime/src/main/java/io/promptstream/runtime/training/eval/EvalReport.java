package io.promptstream.runtime.training.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.promptstream.runtime.training.data.RewriteStyle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The evaluation of a prompter and its heads on the held-out prompts, with the goals it is judged
 * against; printable as a table and writable as JSON.
 *
 * @param modelDir the prompter evaluated
 * @param heldOutPrompts number of held-out prompts
 * @param rows one row per head, then the base model, then the references
 * @param samples a few prompts with every head's output: {@code prompt -> (name -> text)}
 */
public record EvalReport(
    String modelDir, int heldOutPrompts, List<EvalRow> rows, List<Map<String, String>> samples) {

  /** Goal: mean content retention at least this. */
  public static final double GOAL_RETENTION = 0.95;

  /** Goal: style adherence of each head at least this. */
  public static final double GOAL_STYLE = 0.9;

  /** Goal: share of unusable outputs at most this. */
  public static final double GOAL_DEGENERATE = 0.02;

  /** Copies the lists. */
  public EvalReport {
    rows = List.copyOf(rows);
    samples = List.copyOf(samples);
  }

  /** A fixed-width table of the rows. */
  public String table() {
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            Locale.ROOT,
            "%-22s %-10s %5s %8s %7s %9s %8s %6s %8s %6s%n",
            "rewrites",
            "style",
            "n",
            "loss",
            "ppl",
            "retained",
            "numbers",
            "style",
            "unusable",
            "words"));
    for (EvalRow r : rows) {
      b.append(
          String.format(
              Locale.ROOT,
              "%-22s %-10s %5d %8s %7s %9.3f %8s %6s %8.3f %6.1f%n",
              r.name(),
              r.style() == null ? "-" : r.style().key(),
              r.count(),
              number(r.heldOutLoss(), "%.3f"),
              number(r.perplexity(), "%.2f"),
              r.contentRetention(),
              number(r.numbersKept(), "%.3f"),
              number(r.styleAdherence(), "%.3f"),
              r.degenerate(),
              r.meanWords()));
    }
    b.append(
        String.format(
            Locale.ROOT,
            "goals: retained >= %.2f, style >= %.2f per head, unusable <= %.2f%n",
            GOAL_RETENTION,
            GOAL_STYLE,
            GOAL_DEGENERATE));
    return b.toString();
  }

  /** Writes the JSON form. */
  public void write(Path file) throws IOException {
    ObjectMapper json = new ObjectMapper();
    ObjectNode root = json.createObjectNode();
    root.put("model_dir", modelDir);
    root.put("held_out_prompts", heldOutPrompts);
    ObjectNode goals = root.putObject("goals");
    goals.put("content_retention_min", GOAL_RETENTION);
    goals.put("style_adherence_min", GOAL_STYLE);
    goals.put("unusable_max", GOAL_DEGENERATE);
    ArrayNode array = root.putArray("rows");
    for (EvalRow r : rows) {
      ObjectNode o = array.addObject();
      o.put("name", r.name());
      o.put("style", r.style() == null ? null : r.style().key());
      o.put("count", r.count());
      put(o, "held_out_loss", r.heldOutLoss());
      put(o, "perplexity", r.perplexity());
      put(o, "content_retention", r.contentRetention());
      put(o, "numbers_kept", r.numbersKept());
      put(o, "style_adherence", r.styleAdherence());
      ObjectNode mix = o.putObject("style_mix");
      for (RewriteStyle s : RewriteStyle.values()) {
        put(mix, s.key(), r.styleMix().getOrDefault(s, Double.NaN));
      }
      put(o, "unusable", r.degenerate());
      put(o, "empty", r.empty());
      put(o, "truncated", r.truncated());
      put(o, "repetition", r.repetition());
      put(o, "mean_words", r.meanWords());
    }
    ArrayNode s = root.putArray("samples");
    for (Map<String, String> sample : samples) {
      ObjectNode o = s.addObject();
      sample.forEach(o::put);
    }
    Files.write(file, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
  }

  private static void put(ObjectNode o, String key, double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      o.putNull(key);
    } else {
      o.put(key, Math.round(value * 10000) / 10000.0);
    }
  }

  private static String number(double value, String format) {
    return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, format, value);
  }
}
