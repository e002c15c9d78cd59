package io.promptstream.topology.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.promptstream.events.Arm;
import io.promptstream.events.Experiment;
import io.promptstream.events.OptimizedPrompt;
import io.promptstream.topology.abtest.ExperimentCatalog;
import io.promptstream.topology.inference.GuardedRewriter;
import io.promptstream.topology.rewrite.RewriteOutcomes;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The gateway's metrics, under the {@code promptstream_} prefix: outputs by status and arm (which
 * includes fallbacks by reason), batch sizes, queue waits, inference time, the breaker's state, and
 * a sample-ratio-mismatch p-value per experiment.
 */
public final class GatewayMetrics implements RewriteOutcomes {

  private final MeterRegistry registry;
  private final DistributionSummary batchSize;
  private final Timer inferenceTime;
  private final Timer queueWait;
  private final Map<String, Counter> outputs = new ConcurrentHashMap<>();
  private final Map<String, ArmCounts> armsByExperiment = new ConcurrentHashMap<>();
  private final ExperimentCatalog experiments;

  public GatewayMetrics(MeterRegistry registry, ExperimentCatalog experiments) {
    this.registry = registry;
    this.experiments = experiments;
    this.batchSize =
        DistributionSummary.builder("promptstream.batch.size")
            .description("Prompts per batch sent to the model")
            .publishPercentileHistogram()
            .register(registry);
    this.inferenceTime =
        Timer.builder("promptstream.inference.time")
            .description("Time a batch spent in the guarded model call")
            .publishPercentileHistogram()
            .register(registry);
    this.queueWait =
        Timer.builder("promptstream.queue.wait")
            .description("Time a prompt waited in its micro-batch")
            .publishPercentileHistogram()
            .register(registry);
  }

  /** Exposes the breaker's state: 0 closed, 1 open, 2 half-open, 3 other. */
  public void watch(GuardedRewriter model) {
    Gauge.builder("promptstream.breaker.state", model, m -> breakerCode(m.breakerState().name()))
        .description("Circuit breaker state: 0 closed, 1 open, 2 half-open, 3 other")
        .register(registry);
  }

  @Override
  public void batch(int size, long inferenceMs) {
    batchSize.record(size);
    inferenceTime.record(Duration.ofMillis(inferenceMs));
  }

  @Override
  public void output(OptimizedPrompt output) {
    String status = output.getStatus().name();
    String arm = output.getArm().name();
    outputs
        .computeIfAbsent(
            status + "|" + arm,
            k ->
                Counter.builder("promptstream.outputs")
                    .description("Outputs emitted, by status and arm")
                    .tag("status", status)
                    .tag("arm", arm)
                    .register(registry))
        .increment();
    queueWait.record(output.getQueueWaitMs(), TimeUnit.MILLISECONDS);
    if (output.getExperiment() != null && output.getArm() != Arm.UNASSIGNED) {
      armsByExperiment
          .computeIfAbsent(output.getExperiment(), this::registerSrm)
          .count(output.getArm());
    }
  }

  private ArmCounts registerSrm(String experiment) {
    ArmCounts counts = new ArmCounts();
    Gauge.builder(
            "promptstream.experiment.srm.pvalue",
            counts,
            c -> {
              Experiment e = experiments.snapshot().get(experiment);
              return e == null
                  ? Double.NaN
                  : SampleRatioMismatch.pValue(
                      c.control.get(), c.treatment.get(), e.getTreatmentShare());
            })
        .description("Sample-ratio-mismatch p-value of the experiment's arm split")
        .tag("experiment", experiment)
        .register(registry);
    return counts;
  }

  private static double breakerCode(String state) {
    return switch (state) {
      case "CLOSED" -> 0;
      case "OPEN" -> 1;
      case "HALF_OPEN" -> 2;
      default -> 3;
    };
  }

  private static final class ArmCounts {
    final AtomicLong control = new AtomicLong();
    final AtomicLong treatment = new AtomicLong();

    void count(Arm arm) {
      (arm == Arm.CONTROL ? control : treatment).incrementAndGet();
    }
  }
}
