package io.promptstream.topology.retrain;

import io.promptstream.adapters.manifest.HeadShape;
import io.promptstream.adapters.manifest.TrainingDataSummary;
import io.promptstream.adapters.store.AdapterDraft;
import io.promptstream.adapters.store.AdapterStore;
import io.promptstream.adapters.verify.AdapterExpectations;
import io.promptstream.events.RetrainRequest;
import io.promptstream.runtime.adapter.AdapterHead;
import io.promptstream.runtime.adapter.AdapterHeadIo;
import io.promptstream.runtime.adapter.HeadId;
import io.promptstream.runtime.prompter.Prompter;
import io.promptstream.runtime.tokenizer.PrompterTokenizer;
import io.promptstream.runtime.training.HeadArtifact;
import io.promptstream.runtime.training.HeadTraining;
import io.promptstream.runtime.training.data.PromptRewrite;
import io.promptstream.runtime.training.data.TrainingExample;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retrains one target's head after drift: builds the {@link JudgedTrainingSet} from the request's
 * judged examples, trains a new head with stage 2 on the frozen trunk, evaluates it offline against
 * the active head on held-out winning rewrites, and publishes it to the adapter store, which
 * announces it as {@code CANARY}.
 *
 * <p>Idempotent: the new version's name derives from the request's idempotency key, so a request
 * delivered twice trains once. Not thread-safe: callers run one retrain at a time.
 */
public final class HeadRetrainer {

  /** Examples per optimizer step. */
  static final int ROWS_PER_STEP = 8;

  /** The fewest optimizer steps a retrain takes. */
  static final int MIN_STEPS = 60;

  private static final Logger log = LoggerFactory.getLogger(HeadRetrainer.class);

  /** What a retrain did. */
  public sealed interface Outcome {
    /** A candidate was published (and announced as CANARY). */
    record Published(HeadId candidate, Map<String, Double> metrics) implements Outcome {}

    /** Nothing was published, for {@code reason}. */
    record Skipped(String reason) implements Outcome {}
  }

  private final Prompter prompter;
  private final AdapterStore store;
  private final AdapterExpectations expectations;
  private final String fingerprint;
  private final RetrainSettings settings;
  private final List<PromptRewrite> base;
  private final Path scratch;
  private final PrintStream progress;

  /**
   * @param prompter the trunk the heads run on (a copy of the serving one: training runs beside
   *     serving)
   * @param fingerprint the trunk's fingerprint, recorded in the published manifest
   * @param base the regulariser's base data (may be empty)
   * @param scratch a directory for the weights before publication
   * @param progress where training progress lines go
   */
  public HeadRetrainer(
      Prompter prompter,
      AdapterStore store,
      String fingerprint,
      RetrainSettings settings,
      List<PromptRewrite> base,
      Path scratch,
      PrintStream progress) {
    this.prompter = prompter;
    this.store = store;
    this.fingerprint = fingerprint;
    this.settings = settings;
    this.base = List.copyOf(base);
    this.scratch = scratch;
    this.progress = progress == null ? new PrintStream(OutputStream.nullOutputStream()) : progress;
    this.expectations =
        AdapterExpectations.builder()
            .setBaseModelFingerprint(fingerprint)
            .setHiddenSize(prompter.config().hiddenSize())
            .setVocabSize(prompter.config().vocabSize())
            .build();
  }

  /** The version a request's candidate gets: the active version plus a hash of the key. */
  public static String candidateVersion(RetrainRequest request) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(request.getIdempotencyKey().getBytes(StandardCharsets.UTF_8));
      String suffix = "r" + HexFormat.of().formatHex(digest, 0, 4);
      return request.getActiveVersion() == null
          ? suffix
          : request.getActiveVersion() + "-" + suffix;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Epochs for a training set: the configured number, or more when the set is small, so that the
   * head takes at least {@value #MIN_STEPS} optimizer steps (a retrain right after a drift often
   * has only a few dozen judged winners).
   */
  int epochsFor(int examples) {
    int stepsPerEpoch = Math.max(1, (examples + ROWS_PER_STEP - 1) / ROWS_PER_STEP);
    return Math.max(settings.epochs(), (MIN_STEPS + stepsPerEpoch - 1) / stepsPerEpoch);
  }

  /** Retrains the request's target. */
  public Outcome retrain(RetrainRequest request) throws IOException {
    String target = request.getTargetLlm();
    String version = candidateVersion(request);
    if (store.get(target, version).isPresent()) {
      return new Outcome.Skipped("candidate " + version + " already published for this request");
    }
    JudgedTrainingSet set = JudgedTrainingSet.build(request.getExamples(), base, settings);
    if (set.winners() < settings.minWinners()) {
      return new Outcome.Skipped(
          String.format(
              Locale.ROOT,
              "%d judged winning rewrites, %d needed",
              set.winners(),
              settings.minWinners()));
    }
    List<TrainingExample> train = encode(set.train());
    List<TrainingExample> heldOut = encode(set.heldOut());
    HeadId id = new HeadId(target, version);
    log.info(
        "Retraining {}: {} judged, {} won, {} training examples, {} held out; heads {}",
        id,
        set.judged(),
        set.winners(),
        train.size(),
        heldOut.size(),
        set.scores());
    HeadTraining.Result result =
        HeadTraining.train(
            prompter.model(),
            id,
            train,
            heldOut,
            HeadTraining.defaultSettings()
                .optEpochs(epochsFor(train.size()))
                .optMaxRows(ROWS_PER_STEP)
                .optPeakLearningRate(settings.learningRate())
                .optSeed(settings.seed())
                .optLabel("retrain " + target)
                .build(),
            progress);
    try (AdapterHead candidate = result.head()) {
      Map<String, Double> metrics = new LinkedHashMap<>();
      metrics.put("judged_examples", (double) set.judged());
      metrics.put("judged_winners", (double) set.winners());
      metrics.put("train_examples", (double) train.size());
      metrics.put("drift_observed_win_rate", request.getEvidence().getObservedWinRate());
      // The active head's own rewrites are its likeliest outputs: on them it would beat any
      // candidate. The offline comparison uses the held-out winners other heads wrote.
      String activeWriter = target + "/" + request.getActiveVersion();
      List<TrainingExample> independent =
          encode(set.heldOut().stream().filter(p -> !p.writer().equals(activeWriter)).toList());
      if (!independent.isEmpty()) {
        double candidateLoss = HeadTraining.evaluate(prompter.model(), candidate, independent);
        metrics.put("heldout_loss", candidateLoss);
        Optional<Double> activeLoss = activeLoss(request, independent);
        activeLoss.ifPresent(loss -> metrics.put("active_heldout_loss", loss));
        if (!Double.isFinite(candidateLoss)
            || (activeLoss.isPresent() && candidateLoss >= activeLoss.get())) {
          return new Outcome.Skipped(
              String.format(
                  Locale.ROOT,
                  "offline evaluation: held-out loss %.4f is no better than the active head's %s",
                  candidateLoss,
                  activeLoss.map(l -> String.format(Locale.ROOT, "%.4f", l)).orElse("n/a")));
        }
      }
      publish(request, candidate, metrics);
      return new Outcome.Published(id, Map.copyOf(metrics));
    }
  }

  private Optional<Double> activeLoss(RetrainRequest request, List<TrainingExample> heldOut)
      throws IOException {
    if (request.getActiveVersion() == null) {
      return Optional.empty();
    }
    String target = request.getTargetLlm();
    String active = request.getActiveVersion();
    if (store.get(target, active).isEmpty()) {
      return Optional.empty();
    }
    Path weights =
        store.load(target, active, expectations.forVersion(target, active)).weightsFile();
    try (AdapterHead head = AdapterHeadIo.read(weights, prompter)) {
      return Optional.of(HeadTraining.evaluate(prompter.model(), head, heldOut));
    }
  }

  private void publish(RetrainRequest request, AdapterHead candidate, Map<String, Double> metrics)
      throws IOException {
    Path dir = Files.createTempDirectory(Files.createDirectories(scratch), "retrain-");
    try {
      Path weights = HeadArtifact.writeWeights(candidate, dir);
      AdapterDraft draft =
          AdapterDraft.builder()
              .setTargetLlm(request.getTargetLlm())
              .setWeights(weights)
              .setBaseModelFingerprint(fingerprint)
              .setHead(
                  new HeadShape(
                      prompter.config().hiddenSize(),
                      prompter.config().vocabSize(),
                      candidate.parameters().containsKey(AdapterHead.LM_HEAD_BIAS)))
              .optVersion(candidate.id().version())
              .optParentVersion(request.getActiveVersion())
              .optTrainingData(
                  TrainingDataSummary.of(
                      metrics.get("train_examples").longValue(),
                      "feedback.judgments",
                      request.getIdempotencyKey()))
              .optMetrics(metrics)
              .build();
      store.publish(draft);
    } finally {
      try (var files = Files.list(dir)) {
        for (Path f : files.toList()) {
          Files.deleteIfExists(f);
        }
      }
      Files.deleteIfExists(dir);
    }
  }

  private List<TrainingExample> encode(List<JudgedTrainingSet.Pair> pairs) {
    PrompterTokenizer tokenizer = prompter.tokenizer();
    int maxLength = Math.min(tokenizer.maxLength(), prompter.config().maxPositions());
    long eos =
        prompter.config().eosTokenIds().isEmpty() ? -1 : prompter.config().eosTokenIds().get(0);
    List<TrainingExample> examples = new ArrayList<>();
    for (JudgedTrainingSet.Pair p : pairs) {
      PrompterTokenizer.Encoded head = tokenizer.encode(prompter.template().apply(p.prompt()));
      PrompterTokenizer.Encoded body = tokenizer.encode(p.rewrite());
      int end = eos < 0 ? 0 : 1;
      int length = head.ids().length + body.ids().length + end;
      if (head.truncated() || body.truncated() || length > maxLength) {
        continue;
      }
      long[] ids = new long[length];
      System.arraycopy(head.ids(), 0, ids, 0, head.ids().length);
      System.arraycopy(body.ids(), 0, ids, head.ids().length, body.ids().length);
      if (end == 1) {
        ids[length - 1] = eos;
      }
      examples.add(new TrainingExample(ids, head.ids().length, p.weight()));
    }
    return examples;
  }
}
