package io.promptstream.runtime.model;

/**
 * Rotary position embedding settings.
 *
 * @param theta the base ({@code rope_theta})
 * @param rotaryDim how many leading dimensions of each head rotate (all of them for Llama; {@code
 *     partial_rotary_factor × head_dim} for Phi)
 * @param scaling {@code rope_scaling} type
 * @param factor scaling factor (1 for {@link Scaling#DEFAULT})
 * @param lowFreqFactor Llama 3 {@code low_freq_factor}
 * @param highFreqFactor Llama 3 {@code high_freq_factor}
 * @param originalMaxPositions Llama 3 {@code original_max_position_embeddings}
 */
public record RopeSettings(
    double theta,
    int rotaryDim,
    Scaling scaling,
    double factor,
    double lowFreqFactor,
    double highFreqFactor,
    int originalMaxPositions) {

  /** Supported {@code rope_scaling} types. */
  public enum Scaling {
    /** No scaling. */
    DEFAULT,
    /** Position interpolation: frequencies divided by the factor. */
    LINEAR,
    /** Llama 3.1's wavelength-dependent scaling. */
    LLAMA3
  }

  /** Unscaled rotary embedding. */
  public static RopeSettings of(double theta, int rotaryDim) {
    return new RopeSettings(theta, rotaryDim, Scaling.DEFAULT, 1, 0, 0, 0);
  }

  /**
   * The inverse frequencies, computed in {@code float32} as the reference implementation does so
   * that positions rotate identically.
   */
  public float[] inverseFrequencies() {
    int half = rotaryDim / 2;
    float[] inv = new float[half];
    for (int i = 0; i < half; i++) {
      float exponent = (float) (2 * i) / rotaryDim;
      inv[i] = (float) (1.0 / (float) Math.pow(theta, exponent));
    }
    if (scaling == Scaling.LINEAR) {
      for (int i = 0; i < half; i++) {
        inv[i] = (float) (inv[i] / factor);
      }
    } else if (scaling == Scaling.LLAMA3) {
      double lowWavelen = originalMaxPositions / lowFreqFactor;
      double highWavelen = originalMaxPositions / highFreqFactor;
      for (int i = 0; i < half; i++) {
        double wavelen = 2 * Math.PI / inv[i];
        if (wavelen > lowWavelen) {
          inv[i] = (float) (inv[i] / factor);
        } else if (wavelen >= highWavelen) {
          double smooth =
              (originalMaxPositions / wavelen - lowFreqFactor) / (highFreqFactor - lowFreqFactor);
          inv[i] = (float) ((1 - smooth) * inv[i] / factor + smooth * inv[i]);
        }
      }
    }
    return inv;
  }
}
