package io.promptstream.adapters.testutil;

import io.promptstream.adapters.manifest.HeadShape;
import io.promptstream.adapters.manifest.TrainingDataSummary;
import io.promptstream.adapters.store.AdapterDraft;
import io.promptstream.adapters.verify.AdapterExpectations;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** A tiny trunk (hidden 4, vocabulary 6) and adapter heads that fit it. */
public final class Adapters {

  /** The trunk's hidden size. */
  public static final int HIDDEN = 4;

  /** The trunk's LM head rows. */
  public static final int VOCAB = 6;

  /** The running trunk's fingerprint. */
  public static final String TRUNK = "1f".repeat(32);

  /** Another trunk's fingerprint. */
  public static final String OTHER_TRUNK = "2e".repeat(32);

  /** The head shape of the tiny trunk, without LM head bias. */
  public static final HeadShape HEAD = new HeadShape(HIDDEN, VOCAB, false);

  private Adapters() {}

  /** The running trunk as verification expects it. */
  public static AdapterExpectations trunk() {
    return AdapterExpectations.builder()
        .setBaseModelFingerprint(TRUNK)
        .setHiddenSize(HIDDEN)
        .setVocabSize(VOCAB)
        .build();
  }

  /** The tensors of a valid head without LM head bias. */
  public static TestSafetensors validHead() {
    return new TestSafetensors()
        .f32("mlp.weight", HIDDEN, HIDDEN)
        .f32("mlp.bias", HIDDEN)
        .f32("lm_head.weight", VOCAB, HIDDEN);
  }

  /** Writes a valid head file. */
  public static Path writeValidHead(Path file) throws IOException {
    return validHead().write(file);
  }

  /** A draft of a valid head for a target, trained on the running trunk. */
  public static AdapterDraft.Builder draft(String target, Path weights) {
    return AdapterDraft.builder()
        .setTargetLlm(target)
        .setWeights(weights)
        .setBaseModelFingerprint(TRUNK)
        .setHead(HEAD)
        .optTrainingData(TrainingDataSummary.of(120, "feedback.judgments"))
        .optMetrics(Map.of("win_rate", 0.75));
  }
}
