package io.promptstream.schemas.testutil;

import io.promptstream.events.AdapterRelease;
import io.promptstream.events.Arm;
import io.promptstream.events.CanaryDecision;
import io.promptstream.events.CanaryVerdict;
import io.promptstream.events.DeadLetter;
import io.promptstream.events.DeadLetterReason;
import io.promptstream.events.DriftEvidence;
import io.promptstream.events.HeadRole;
import io.promptstream.events.JudgedExample;
import io.promptstream.events.Judgment;
import io.promptstream.events.OptimizedPrompt;
import io.promptstream.events.PromptRequest;
import io.promptstream.events.PromptStatus;
import io.promptstream.events.ReleaseStage;
import io.promptstream.events.RetrainRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/**
 * Fully populated instances of every event record. With {@code optionalsSet} every nullable field
 * holds a value; without, every nullable field is null and maps are empty.
 */
public final class Events {
  // Millisecond precision: timestamp-millis fields drop anything finer.
  private static final Instant T0 = Instant.parse("2025-03-14T09:26:53.589Z");

  private Events() {}

  /** One instance of each of the 8 topic record types. */
  public static List<SpecificRecord> all(boolean optionalsSet) {
    return List.of(
        promptRequest(optionalsSet),
        optimizedPrompt(optionalsSet),
        deadLetter(optionalsSet),
        judgment(optionalsSet),
        driftEvidence(),
        retrainRequest(optionalsSet),
        adapterRelease(optionalsSet),
        canaryVerdict());
  }

  public static PromptRequest promptRequest(boolean optionalsSet) {
    return PromptRequest.newBuilder()
        .setRequestId("req-0001")
        .setConversationId("conv-42")
        .setUserId("user-7")
        .setTargetLlm(optionalsSet ? "llama-3-8b" : null)
        .setText("Explain how a B-tree stays balanced — with an example. ✓")
        .setCreatedAt(T0)
        .setAttributes(optionalsSet ? Map.of("locale", "en-GB", "channel", "web") : Map.of())
        .build();
  }

  public static OptimizedPrompt optimizedPrompt(boolean optionalsSet) {
    return OptimizedPrompt.newBuilder()
        .setRequestId("req-0001")
        .setConversationId("conv-42")
        .setUserId("user-7")
        .setTargetLlm("llama-3-8b")
        .setArm(optionalsSet ? Arm.TREATMENT : Arm.UNASSIGNED)
        .setExperiment(optionalsSet ? "exp-2025-03" : null)
        .setStatus(optionalsSet ? PromptStatus.FALLBACK_TIMEOUT : PromptStatus.REWRITTEN)
        .setReason(optionalsSet ? "inference exceeded 250 ms" : null)
        .setHeadVersion(optionalsSet ? "v12" : null)
        .setHeadTarget(optionalsSet ? "mixtral-8x7b" : null)
        .setHeadRole(optionalsSet ? HeadRole.EXPLORATION : null)
        .setOriginalText("Explain B-trees")
        .setSentText("You are a database expert. Explain how a B-tree stays balanced.")
        .setQueueWaitMs(17)
        .setInferenceMs(203)
        .setProducedAt(T0.plusMillis(220))
        .setAttributes(optionalsSet ? Map.of("locale", "en-GB") : Map.of())
        .build();
  }

  public static DeadLetter deadLetter(boolean optionalsSet) {
    return DeadLetter.newBuilder()
        .setSourceTopic("prompts.raw")
        .setSourcePartition(3)
        .setSourceOffset(1_234_567_890_123L)
        .setKey(optionalsSet ? bytes("conv-42") : null)
        .setValue(optionalsSet ? ByteBuffer.wrap(new byte[] {0, 0, 0, 0, 9, (byte) 0xff}) : null)
        .setErrorCode(DeadLetterReason.UNKNOWN_SCHEMA)
        .setReason("schema id 9 is unknown")
        .setApplication("promptstream-gateway")
        .setFailedAt(T0)
        .build();
  }

  public static Judgment judgment(boolean optionalsSet) {
    return Judgment.newBuilder()
        .setRequestId("req-0001")
        .setTargetLlm("llama-3-8b")
        .setHeadVersion(optionalsSet ? "v12" : null)
        .setInstruction("Explain B-trees")
        .setOutput1("A B-tree is a tree.")
        .setOutput2("A B-tree keeps every leaf at the same depth by splitting full nodes...")
        .setGenerator1("llama-3-8b")
        .setGenerator2("llama-3-8b+promptstream")
        .setAnnotator("gpt-4-turbo")
        .setPreference(1.5)
        .setJudgedAt(T0.plusSeconds(30))
        .build();
  }

  public static DriftEvidence driftEvidence() {
    return DriftEvidence.newBuilder()
        .setBaselineWinRate(0.914)
        .setObservedWinRate(0.78125)
        .setObservations(640)
        .setStatistic(5.25)
        .setThreshold(5.0)
        .setWindowStart(T0.minusSeconds(3600))
        .setWindowEnd(T0)
        .build();
  }

  public static RetrainRequest retrainRequest(boolean optionalsSet) {
    return RetrainRequest.newBuilder()
        .setIdempotencyKey("llama-3-8b/v12/episode-3")
        .setTargetLlm("llama-3-8b")
        .setActiveVersion(optionalsSet ? "v12" : null)
        .setDetector("page-hinkley(delta=0.005,lambda=5)")
        .setEvidence(driftEvidence())
        .setExamples(
            optionalsSet
                ? List.of(
                    JudgedExample.newBuilder()
                        .setPrompt("Explain B-trees")
                        .setRewrite("Explain in one sentence how a B-tree stays balanced.")
                        .setHeadTarget("mixtral-8x7b")
                        .setHeadVersion("v3")
                        .setOutcome(1.0)
                        .setJudgedAt(T0)
                        .build())
                : List.of())
        .setRequestedAt(T0.plusSeconds(1))
        .build();
  }

  public static AdapterRelease adapterRelease(boolean optionalsSet) {
    return AdapterRelease.newBuilder()
        .setTargetLlm("llama-3-8b")
        .setVersion("v13")
        .setParentVersion(optionalsSet ? "v12" : null)
        .setStage(optionalsSet ? ReleaseStage.CANARY : ReleaseStage.ACTIVE)
        .setBaseModelFingerprint("sha256:1f2e3d")
        .setLocation("file:///adapters/llama-3-8b/v13")
        .setManifestSha256("9c56cc51b374c3ba189210d5b6d4bf57790d351c96c47c02190ecf1e430635ab")
        .setCanaryShare(optionalsSet ? 0.1 : 0.0)
        .setReason(optionalsSet ? "drift episode 3" : null)
        .setReleasedAt(T0.plusSeconds(600))
        .build();
  }

  public static CanaryVerdict canaryVerdict() {
    return CanaryVerdict.newBuilder()
        .setIdempotencyKey("llama-3-8b:v13")
        .setTargetLlm("llama-3-8b")
        .setCandidateVersion("v13")
        .setActiveVersion("v12")
        .setDecision(CanaryDecision.PROMOTE)
        .setCandidateJudgments(120)
        .setCandidateWinRate(0.7625)
        .setActiveJudgments(480)
        .setActiveWinRate(0.5)
        .setTest("one-sided two-sample z-test(alpha=0.05, n=100)")
        .setStatistic(5.5)
        .setPValue(1.9e-8)
        .setDecidedAt(T0.plusSeconds(900))
        .build();
  }

  private static ByteBuffer bytes(String text) {
    return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
  }
}
