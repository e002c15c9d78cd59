package io.promptstream.runtime.generate;

/**
 * How the next token is chosen. Greedy decoding takes the most likely token; sampling draws from
 * the temperature-scaled distribution, restricted to the smallest set of tokens whose probability
 * reaches {@code topP}, with a random generator seeded per request, so a request gives the same
 * text whatever else shares its batch.
 *
 * @param temperature 0 for greedy, otherwise a positive divisor of the logits
 * @param topP nucleus mass in (0, 1]; 1 disables the restriction
 * @param seed seed of the request's random generator (ignored when greedy)
 */
public record SamplingSettings(float temperature, float topP, long seed) {

  private static final SamplingSettings GREEDY = new SamplingSettings(0f, 1f, 0L);

  /** Validates the ranges. */
  public SamplingSettings {
    if (!(temperature >= 0f) || Float.isInfinite(temperature)) {
      throw new IllegalArgumentException("temperature must be >= 0, got " + temperature);
    }
    if (!(topP > 0f && topP <= 1f)) {
      throw new IllegalArgumentException("topP must be in (0, 1], got " + topP);
    }
  }

  /** Greedy decoding (the default). */
  public static SamplingSettings greedy() {
    return GREEDY;
  }

  /**
   * Seeded sampling.
   *
   * @param temperature positive
   * @param topP in (0, 1]
   * @param seed the request's seed
   */
  public static SamplingSettings sample(float temperature, float topP, long seed) {
    if (temperature <= 0f) {
      throw new IllegalArgumentException("sampling needs a positive temperature");
    }
    return new SamplingSettings(temperature, topP, seed);
  }

  /** Whether decoding is greedy. */
  public boolean isGreedy() {
    return temperature == 0f;
  }
}
