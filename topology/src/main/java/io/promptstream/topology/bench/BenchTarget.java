package io.promptstream.topology.bench;

/** One system under test in the stream benchmark: started against a broker, then closed. */
interface BenchTarget extends AutoCloseable {

  /** Name printed in the results table. */
  String name();

  /** Topic the benchmark produces raw prompt bytes to. */
  String inputTopic();

  /** Topic the benchmark reads one output per input from. */
  String outputTopic();

  @Override
  void close();
}
