package io.promptstream.adapters.store;

import io.promptstream.adapters.testutil.Adapters;
import java.nio.file.Path;

/**
 * A separate JVM that publishes one version from the given weights file; the crash test feeds it
 * through a FIFO and kills it mid-copy.
 */
public final class PublishingProcess {

  private PublishingProcess() {}

  /**
   * Publishes to target {@code llama-3-8b}.
   *
   * @param args the store root and the weights file
   */
  public static void main(String[] args) throws Exception {
    FileSystemAdapterStore store =
        FileSystemAdapterStore.builder().setRoot(Path.of(args[0])).build();
    store.publish(Adapters.draft("llama-3-8b", Path.of(args[1])).build());
  }
}
