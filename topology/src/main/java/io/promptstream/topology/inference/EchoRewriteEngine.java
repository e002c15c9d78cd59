package io.promptstream.topology.inference;

import java.util.ArrayList;
import java.util.List;

/**
 * A model that costs nothing: every prompt comes back as its own rewrite, from head version {@code
 * "echo"}. Measures the gateway's overhead without a model in the way; never for production
 * traffic.
 */
public final class EchoRewriteEngine implements RewriteEngine {

  @Override
  public List<RewriteResult> rewrite(List<RewriteJob> jobs) {
    List<RewriteResult> results = new ArrayList<>(jobs.size());
    for (RewriteJob job : jobs) {
      results.add(new RewriteResult.Rewritten(job.text(), "echo"));
    }
    return results;
  }
}
