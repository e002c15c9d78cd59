package io.promptstream.topology.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import io.promptstream.adapters.store.AdapterStore;
import io.promptstream.adapters.store.AdapterVersion;
import io.promptstream.adapters.store.FileSystemAdapterStore;
import io.promptstream.events.CanaryDecision;
import io.promptstream.events.ReleaseStage;
import io.promptstream.runtime.training.data.RewriteStyle;
import io.promptstream.topology.config.GatewayConfig;
import io.promptstream.topology.demo.simulation.DriftScenario;
import io.promptstream.topology.testutil.TestWorkDirs;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The whole loop in one process, on the shipped default prompter and its heads: simulated judges of
 * gemma-7b come to prefer concise rewrites; the gateway's judgments drive drift detection, the
 * embedded retrainer trains and publishes a candidate from the judged examples, the gateway runs it
 * as a canary and decides. In the second case the judges' taste moves back while the canary runs,
 * so the candidate is worse than the active head and must be rolled back.
 */
@Tag("integration")
class ClosedLoopIT {

  private static final Path DEFAULT_PROMPTER =
      Path.of(System.getProperty("promptstream.default.prompter", "../models/default-prompter"));
  private static final String DRIFTING = "gemma-7b";

  @Test
  void shouldPromoteARetrainedHeadThatWinsItsCanary() throws Exception {
    Path workDir = TestWorkDirs.create("closed-loop-promote");

    DriftScenario.Result result = run(workDir, false);

    assertThat(result.retrain()).as(log(result)).isPresent();
    assertThat(result.retrain().get().getIdempotencyKey()).startsWith(DRIFTING + ":v1:drift-");
    assertThat(result.retrain().get().getExamples()).isNotEmpty();
    String candidate = result.canary().orElseThrow().getVersion();
    assertThat(candidate).startsWith("v1-r");
    assertThat(result.verdict().orElseThrow().getDecision())
        .as(log(result))
        .isEqualTo(CanaryDecision.PROMOTE);
    assertThat(result.verdict().get().getCandidateVersion()).isEqualTo(candidate);
    assertThat(result.verdict().get().getPValue()).isLessThan(0.05);
    assertThat(result.settled().orElseThrow().getStage()).isEqualTo(ReleaseStage.ACTIVE);
    assertThat(activeVersion(workDir)).isEqualTo(candidate);
    // The shift is visible, and the promoted head wins more than the drifted one did.
    assertThat(result.driftedWinRate()).isLessThan(result.baselineWinRate());
    assertThat(result.recoveredWinRate()).isGreaterThan(result.driftedWinRate());
  }

  @Test
  void shouldRollBackACandidateThatLosesItsCanary() throws Exception {
    Path workDir = TestWorkDirs.create("closed-loop-rollback");

    DriftScenario.Result result = run(workDir, true);

    String candidate =
        result.canary().orElseThrow(() -> new AssertionError(log(result))).getVersion();
    assertThat(result.verdict().orElseThrow().getDecision())
        .as(log(result))
        .isEqualTo(CanaryDecision.ROLL_BACK);
    assertThat(result.verdict().get().getCandidateVersion()).isEqualTo(candidate);
    assertThat(result.settled().orElseThrow().getStage()).isEqualTo(ReleaseStage.ROLLED_BACK);
    assertThat(result.settled().get().getVersion()).isEqualTo(candidate);
    assertThat(activeVersion(workDir)).isEqualTo("v1");
  }

  private static DriftScenario.Result run(Path workDir, boolean rollback) throws Exception {
    DriftScenario.Options options =
        new DriftScenario.Options(
            workDir,
            DEFAULT_PROMPTER,
            DEFAULT_PROMPTER.resolve("heads"),
            // Two targets: gemma-7b gets half the traffic, and mixtral-8x7b's concise head is the
            // one its exploration traffic finds winning after the shift.
            List.of(DRIFTING, "mixtral-8x7b"),
            DRIFTING,
            RewriteStyle.CONCISE,
            40,
            rollback,
            20,
            Duration.ofMinutes(4),
            20,
            Map.of(
                GatewayConfig.DRIFT_WARMUP_CONFIG,
                30,
                GatewayConfig.DRIFT_SLACK_CONFIG,
                0.15,
                GatewayConfig.DRIFT_THRESHOLD_CONFIG,
                8.0,
                GatewayConfig.DRIFT_EPISODE_TIMEOUT_CONFIG,
                30_000L,
                GatewayConfig.CANARY_JUDGMENTS_CONFIG,
                60,
                GatewayConfig.CANARY_DEFAULT_SHARE_CONFIG,
                0.4,
                GatewayConfig.EXPLORATION_SHARE_CONFIG,
                0.5,
                GatewayConfig.RETRAIN_MIN_WINNERS_CONFIG,
                5),
            // Sharper tastes than the demo's keep the canary's verdict far from the line.
            0.9,
            0.2,
            11);
    // The steps come back in the result; assertion messages print them.
    return new DriftScenario(options, new PrintStream(OutputStream.nullOutputStream())).run();
  }

  private static String activeVersion(Path workDir) throws Exception {
    AdapterStore store =
        FileSystemAdapterStore.builder().setRoot(workDir.resolve("adapters")).build();
    return store.active(DRIFTING).map(AdapterVersion::version).orElse("none");
  }

  private static String log(DriftScenario.Result result) {
    StringBuilder text = new StringBuilder("scenario log:\n");
    result.steps().forEach(s -> text.append(s.what()).append('\n'));
    return text.toString();
  }
}
