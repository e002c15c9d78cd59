package io.promptstream.topology.inference;

/**
 * One prompt to rewrite, as the stream hands it to the model.
 *
 * @param requestId the prompt's request id
 * @param targetLlm the LLM the prompt is headed to; selects the adapter head
 * @param text the user's prompt
 * @param canary true to use the target's candidate (canary) head instead of its active one
 * @param explore true to use another target's active head (exploration), when there is one
 */
public record RewriteJob(
    String requestId, String targetLlm, String text, boolean canary, boolean explore) {

  /** A job for the target's own head. */
  public RewriteJob(String requestId, String targetLlm, String text, boolean canary) {
    this(requestId, targetLlm, text, canary, false);
  }
}
