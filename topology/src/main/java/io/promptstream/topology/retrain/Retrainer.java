package io.promptstream.topology.retrain;

import io.promptstream.adapters.manifest.BaseModelFingerprint;
import io.promptstream.adapters.store.AdapterStore;
import io.promptstream.adapters.store.FileSystemAdapterStore;
import io.promptstream.adapters.verify.AdapterExpectations;
import io.promptstream.runtime.prompter.Prompter;
import io.promptstream.runtime.training.data.PromptRewrite;
import io.promptstream.runtime.training.data.PromptRewriteDataset;
import io.promptstream.schemas.topic.GatewayTopics;
import io.promptstream.topology.heads.KafkaReleaseAnnouncer;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The retraining side of the loop, in the gateway's process (the default) or its own ({@code
 * promptstream retrain}, e.g. on a GPU machine): its own copy of the prompter, the adapter store
 * announcing releases on {@code adapters.releases}, and the {@link RetrainService}.
 */
public final class Retrainer implements AutoCloseable {

  /**
   * Where and how the retrainer runs.
   *
   * @param modelDir the prompter the heads run on
   * @param adaptersDir the adapter store's root
   * @param scratchDir a directory for weights before publication
   * @param groupId the consumer group (one retrainer per group handles each record)
   */
  public record Settings(
      Path modelDir, Path adaptersDir, Path scratchDir, String groupId, RetrainSettings retrain) {}

  private final Prompter prompter;
  private final KafkaReleaseAnnouncer announcer;
  private final RetrainService service;
  private final AtomicBoolean closed = new AtomicBoolean();

  private Retrainer(Prompter prompter, KafkaReleaseAnnouncer announcer, RetrainService service) {
    this.prompter = prompter;
    this.announcer = announcer;
    this.service = service;
  }

  /**
   * Loads the prompter and starts consuming retrain requests and canary verdicts.
   *
   * @param progress where training progress goes, or null for none
   */
  public static Retrainer start(
      Settings settings, String bootstrapServers, GatewayTopics topics, PrintStream progress)
      throws Exception {
    List<PromptRewrite> base =
        settings.retrain().baseData() == null
            ? List.of()
            : PromptRewriteDataset.read(settings.retrain().baseData());
    Prompter prompter = Prompter.load(settings.modelDir());
    KafkaReleaseAnnouncer announcer = null;
    try {
      announcer = new KafkaReleaseAnnouncer(bootstrapServers, topics.adapterReleases());
      AdapterStore store =
          FileSystemAdapterStore.builder()
              .setRoot(settings.adaptersDir())
              .optListener(announcer)
              .build();
      String fingerprint = BaseModelFingerprint.of(settings.modelDir());
      HeadRetrainer retrainer =
          new HeadRetrainer(
              prompter,
              store,
              fingerprint,
              settings.retrain(),
              base,
              settings.scratchDir(),
              progress);
      VerdictApplier verdicts =
          new VerdictApplier(
              store,
              AdapterExpectations.builder()
                  .setBaseModelFingerprint(fingerprint)
                  .setHiddenSize(prompter.config().hiddenSize())
                  .setVocabSize(prompter.config().vocabSize())
                  .build());
      RetrainService service =
          new RetrainService(bootstrapServers, settings.groupId(), topics, retrainer, verdicts)
              .start();
      return new Retrainer(prompter, announcer, service);
    } catch (Exception e) {
      if (announcer != null) {
        announcer.close();
      }
      prompter.close();
      throw e;
    }
  }

  public RetrainService service() {
    return service;
  }

  /** Stops consuming and frees the prompter; a second call does nothing. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    service.close();
    announcer.close();
    prompter.close();
  }
}
