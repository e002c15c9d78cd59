package io.promptstream.runtime.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {

  @Test
  void shouldWarmUpLinearlyThenDecayToTheFloor() {
    LearningRateSchedule s = new LearningRateSchedule(1f, 10, 110, 0.1f);

    assertThat(s.at(0)).isCloseTo(0.1f, within(1e-6f));
    assertThat(s.at(9)).isCloseTo(1f, within(1e-6f));
    assertThat(s.at(10)).isCloseTo(1f, within(1e-6f));
    assertThat(s.at(60)).isCloseTo(0.55f, within(0.01f));
    assertThat(s.at(109)).isCloseTo(0.1f, within(1e-6f));
  }

  @Test
  void shouldPrintProgressWithRateAndEtaFromTheInjectedClock() {
    Instant[] now = {Instant.parse("2025-01-01T00:00:00Z")};
    Clock clock =
        new Clock() {
          @Override
          public ZoneOffset getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(java.time.ZoneId zone) {
            return this;
          }

          @Override
          public Instant instant() {
            return now[0];
          }
        };
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    TrainingProgress progress =
        new TrainingProgress(out, "stage1", 4, clock, Duration.ofSeconds(10));

    now[0] = now[0].plusSeconds(5);
    progress.step(0, "epoch 1/1", 2f, 1e-3f, 1000);
    now[0] = now[0].plusSeconds(1);
    progress.step(1, "epoch 1/1", 2f, 1e-3f, 1000);
    now[0] = now[0].plusSeconds(4);
    progress.step(2, "epoch 1/1", 2f, 1e-3f, 1000);
    now[0] = now[0].plusSeconds(1);
    progress.step(3, "epoch 1/1", 2f, 1e-3f, 1000);

    String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
    assertThat(lines).hasSize(2);
    assertThat(lines[0]).contains("step 1/4", "200 tok/s", "elapsed 0:05", "ETA 0:15");
    assertThat(lines[1]).contains("[########################] 100%", "step 4/4", "ETA 0:00");
  }
}
