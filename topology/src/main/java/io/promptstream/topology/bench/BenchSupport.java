package io.promptstream.topology.bench;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;

final class BenchSupport {

  private BenchSupport() {}

  static void startAndAwaitRunning(KafkaStreams streams) throws InterruptedException {
    CountDownLatch running = new CountDownLatch(1);
    streams.setStateListener(
        (now, before) -> {
          if (now == KafkaStreams.State.RUNNING) {
            running.countDown();
          }
        });
    streams.start();
    if (!running.await(Duration.ofSeconds(60).toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException("Benchmark app did not reach RUNNING: " + streams.state());
    }
  }
}
