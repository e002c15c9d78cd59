package io.promptstream.topology.heads;

import io.promptstream.adapters.manifest.BaseModelFingerprint;
import io.promptstream.adapters.store.AdapterStore;
import io.promptstream.adapters.store.FileSystemAdapterStore;
import io.promptstream.events.AdapterRelease;
import io.promptstream.runtime.adapter.HeadCache;
import io.promptstream.runtime.adapter.HeadId;
import io.promptstream.runtime.prompter.Prompter;
import io.promptstream.schemas.topic.Topic;
import io.promptstream.topology.inference.PrompterRewriteEngine;
import io.promptstream.topology.inference.RewriteEngine;
import java.nio.file.Path;

/**
 * Everything the gateway serves the model with: the prompter, the adapter store, the head cache,
 * which head serves which target, and the follower of adapter releases.
 */
public final class ModelServing implements AutoCloseable {

  /** How the model is served. */
  public record Settings(
      Path modelDir,
      Path adaptersDir,
      long headCacheBytes,
      int maxPromptTokens,
      int maxNewTokens) {}

  private final Prompter prompter;
  private final AdapterStore store;
  private final TargetHeads targets;
  private final HeadCache cache;
  private final ReleaseFollower follower;
  private final String fingerprint;
  private final StoreHeadLoader loader;

  private ModelServing(
      Prompter prompter,
      AdapterStore store,
      TargetHeads targets,
      HeadCache cache,
      ReleaseFollower follower,
      String fingerprint,
      StoreHeadLoader loader) {
    this.prompter = prompter;
    this.store = store;
    this.targets = targets;
    this.cache = cache;
    this.follower = follower;
    this.fingerprint = fingerprint;
    this.loader = loader;
  }

  /**
   * Loads the prompter, opens the adapter store, serves each target's active head and starts
   * following releases.
   */
  public static ModelServing start(
      Settings settings, String bootstrapServers, Topic<String, AdapterRelease> releases)
      throws Exception {
    Prompter prompter = Prompter.load(settings.modelDir());
    try {
      String fingerprint = BaseModelFingerprint.of(settings.modelDir());
      AdapterStore store = FileSystemAdapterStore.builder().setRoot(settings.adaptersDir()).build();
      StoreHeadLoader loader = new StoreHeadLoader(store, prompter, fingerprint);
      HeadCache cache =
          HeadCache.builder().setMaxBytes(settings.headCacheBytes()).setLoader(loader).build();
      TargetHeads targets = new TargetHeads();
      ReleaseFollower follower =
          new ReleaseFollower(bootstrapServers, releases, store, cache, targets, fingerprint);
      follower.start();
      return new ModelServing(prompter, store, targets, cache, follower, fingerprint, loader);
    } catch (Exception e) {
      prompter.close();
      throw e;
    }
  }

  /**
   * An engine over the active heads of {@code adaptersDir}, with no release follower: for
   * benchmarks and tools that serve a fixed set of heads. Closing the returned engine closes the
   * prompter and the cache.
   */
  public static RewriteEngine fixedHeads(Path modelDir, Path adaptersDir, int maxNewTokens)
      throws Exception {
    Prompter prompter = Prompter.load(modelDir);
    AdapterStore store = FileSystemAdapterStore.builder().setRoot(adaptersDir).build();
    HeadCache cache =
        HeadCache.builder()
            .setMaxBytes(512L * 1024 * 1024)
            .setLoader(new StoreHeadLoader(store, prompter, BaseModelFingerprint.of(modelDir)))
            .build();
    TargetHeads targets = new TargetHeads();
    for (String target : store.targets()) {
      store.active(target).ifPresent(v -> targets.activate(new HeadId(target, v.version())));
    }
    PrompterRewriteEngine engine =
        new PrompterRewriteEngine(prompter, cache, targets, 192, maxNewTokens);
    java.util.concurrent.atomic.AtomicBoolean closed =
        new java.util.concurrent.atomic.AtomicBoolean();
    return new RewriteEngine() {
      @Override
      public java.util.List<io.promptstream.topology.inference.RewriteResult> rewrite(
          java.util.List<io.promptstream.topology.inference.RewriteJob> jobs) {
        return engine.rewrite(jobs);
      }

      @Override
      public void close() {
        if (closed.compareAndSet(false, true)) {
          cache.close();
          prompter.close();
        }
      }
    };
  }

  /** The engine the stream calls; closing the engine does not close this. */
  public PrompterRewriteEngine engine(int maxPromptTokens, int maxNewTokens) {
    return new PrompterRewriteEngine(prompter, cache, targets, maxPromptTokens, maxNewTokens);
  }

  public TargetHeads targets() {
    return targets;
  }

  public AdapterStore store() {
    return store;
  }

  public HeadCache cache() {
    return cache;
  }

  public ReleaseFollower follower() {
    return follower;
  }

  public Prompter prompter() {
    return prompter;
  }

  /** The fingerprint of the running trunk; heads trained on another are refused. */
  public String baseModelFingerprint() {
    return fingerprint;
  }

  public StoreHeadLoader loader() {
    return loader;
  }

  @Override
  public void close() {
    follower.close();
    cache.close();
    prompter.close();
  }
}
