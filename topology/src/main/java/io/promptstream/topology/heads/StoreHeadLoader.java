package io.promptstream.topology.heads;

import io.promptstream.adapters.store.AdapterStore;
import io.promptstream.adapters.verify.AdapterExpectations;
import io.promptstream.adapters.verify.VerifiedAdapter;
import io.promptstream.runtime.adapter.AdapterHead;
import io.promptstream.runtime.adapter.AdapterHeadIo;
import io.promptstream.runtime.adapter.HeadId;
import io.promptstream.runtime.adapter.HeadLoader;
import io.promptstream.runtime.prompter.Prompter;
import java.io.IOException;

/**
 * Loads heads for the head cache from the adapter store. Every byte is verified by the store
 * (manifest, hashes, base-model fingerprint, safetensors header, tensor names and shapes) before
 * the weights reach DJL; a head that fails is never loaded.
 */
public final class StoreHeadLoader implements HeadLoader {

  private final AdapterStore store;
  private final Prompter prompter;
  private final AdapterExpectations expectations;

  /**
   * @param baseModelFingerprint the running trunk's fingerprint; heads trained on another trunk are
   *     refused
   */
  public StoreHeadLoader(AdapterStore store, Prompter prompter, String baseModelFingerprint) {
    this.store = store;
    this.prompter = prompter;
    this.expectations =
        AdapterExpectations.builder()
            .setBaseModelFingerprint(baseModelFingerprint)
            .setHiddenSize(prompter.config().hiddenSize())
            .setVocabSize(prompter.config().vocabSize())
            .build();
  }

  /** The expectations every head of this trunk must meet. */
  public AdapterExpectations expectations() {
    return expectations;
  }

  @Override
  public AdapterHead load(HeadId id) throws IOException {
    VerifiedAdapter verified =
        store.load(
            id.targetLlm(), id.version(), expectations.forVersion(id.targetLlm(), id.version()));
    AdapterHead head = AdapterHeadIo.read(verified.weightsFile(), prompter);
    if (!head.id().equals(id)) {
      HeadId actual = head.id();
      head.close();
      throw new IOException("Adapter " + id + " carries head id " + actual + " in its weights");
    }
    return head;
  }
}
