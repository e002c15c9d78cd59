package io.promptstream.adapters.verify;

import io.promptstream.runtime.safetensors.SafetensorsDType;
import java.util.Set;

/** The tensors an adapter head consists of, by the names {@code adapter.safetensors} uses. */
public final class AdapterTensors {

  /** The MLP's weight, {@code [hidden, hidden]}; the identity at initialisation. */
  public static final String MLP_WEIGHT = "mlp.weight";

  /** The MLP's bias, {@code [hidden]}; zero at initialisation. */
  public static final String MLP_BIAS = "mlp.bias";

  /** The LM head's weight, {@code [vocab, hidden]}. */
  public static final String LM_HEAD_WEIGHT = "lm_head.weight";

  /** The LM head's optional bias, {@code [vocab]}. */
  public static final String LM_HEAD_BIAS = "lm_head.bias";

  /** Every name a head may contain. */
  public static final Set<String> ALLOWED =
      Set.of(MLP_WEIGHT, MLP_BIAS, LM_HEAD_WEIGHT, LM_HEAD_BIAS);

  /** Stored types accepted; the loader converts them to {@code float32}. */
  public static final Set<SafetensorsDType> ALLOWED_DTYPES =
      Set.of(SafetensorsDType.F32, SafetensorsDType.F16, SafetensorsDType.BF16);

  private AdapterTensors() {}
}
