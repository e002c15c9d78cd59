package io.promptstream.topology.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The prompts the demo sends: the {@code prompt} field of each line of a prompt-rewrite file. */
public final class DemoDataset {

  /** The project's copy of the prompt-rewrite dataset, bundled with the launcher. */
  public static final String BUNDLED_RESOURCE = "prompt-rewrites.jsonl";

  private final List<String> prompts;

  private DemoDataset(List<String> prompts) {
    if (prompts.isEmpty()) {
      throw new IllegalArgumentException("The demo dataset has no prompts");
    }
    this.prompts = List.copyOf(prompts);
  }

  /** The dataset bundled with the launcher. */
  public static DemoDataset bundled() {
    InputStream in = DemoDataset.class.getResourceAsStream(BUNDLED_RESOURCE);
    if (in == null) {
      throw new IllegalStateException("Bundled demo dataset " + BUNDLED_RESOURCE + " is missing");
    }
    try (in) {
      return parse(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A dataset read from a JSON-lines file with a {@code prompt} field per line. */
  public static DemoDataset fromFile(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return parse(in);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read demo dataset " + file, e);
    }
  }

  private static DemoDataset parse(InputStream in) throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<String> prompts = new ArrayList<>();
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    String line;
    int lineNumber = 0;
    while ((line = reader.readLine()) != null) {
      lineNumber++;
      if (line.isBlank()) {
        continue;
      }
      JsonNode prompt = json.readTree(line).get("prompt");
      if (prompt == null || !prompt.isTextual()) {
        throw new IOException("Line " + lineNumber + " has no text field 'prompt'");
      }
      prompts.add(prompt.asText());
    }
    return new DemoDataset(prompts);
  }

  /** The prompt for the n-th request, cycling through the dataset. */
  public String prompt(long n) {
    return prompts.get((int) (n % prompts.size()));
  }

  public int size() {
    return prompts.size();
  }
}
