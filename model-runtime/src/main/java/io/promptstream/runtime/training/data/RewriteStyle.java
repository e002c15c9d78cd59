package io.promptstream.runtime.training.data;

import java.util.Locale;

/** The three rewrite styles of the dataset. */
public enum RewriteStyle {
  /** Enumerated requirements "(1) ... (2) ..." and an output format. */
  STRUCTURED,
  /** A role opener ("You are ...", "As a ...") and depth. */
  EXPERT,
  /** One precise sentence. */
  CONCISE;

  /** The key in the dataset's {@code rewrites} object. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The style of a dataset key. */
  public static RewriteStyle ofKey(String key) {
    return valueOf(key.toUpperCase(Locale.ROOT));
  }
}
