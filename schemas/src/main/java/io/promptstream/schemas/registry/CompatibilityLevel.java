package io.promptstream.schemas.registry;

/**
 * A schema registry's compatibility rule for a subject, named as in the Confluent REST API.
 *
 * <p>Each level is a pair of guarantees: how far back new readers can read ({@code BACKWARD}: the
 * new schema reads data written with the latest one; {@code _TRANSITIVE}: with every earlier one)
 * and how far old readers can read new data ({@code FORWARD}). {@code FULL} is both.
 */
public enum CompatibilityLevel {
  /** Any change is accepted; readers may break. */
  NONE(0, 0),
  /** The new schema can read data written with the latest registered schema. */
  BACKWARD(1, 0),
  /** The new schema can read data written with every registered schema. */
  BACKWARD_TRANSITIVE(2, 0),
  /** The latest registered schema can read data written with the new schema. */
  FORWARD(0, 1),
  /** Every registered schema can read data written with the new schema. */
  FORWARD_TRANSITIVE(0, 2),
  /** {@link #BACKWARD} and {@link #FORWARD}. */
  FULL(1, 1),
  /** {@link #BACKWARD_TRANSITIVE} and {@link #FORWARD_TRANSITIVE}. */
  FULL_TRANSITIVE(2, 2);

  // 0 = no guarantee, 1 = against the latest version, 2 = against every version.
  private final int backward;
  private final int forward;

  CompatibilityLevel(int backward, int forward) {
    this.backward = backward;
    this.forward = forward;
  }

  /**
   * Whether a subject under this level is protected at least as well as {@code required} demands,
   * e.g. {@code FULL.satisfies(BACKWARD)} is true and {@code FORWARD.satisfies(BACKWARD)} is false.
   */
  public boolean satisfies(CompatibilityLevel required) {
    return backward >= required.backward && forward >= required.forward;
  }

  /**
   * The weakest level that satisfies both this level and {@code other}: {@code
   * FORWARD.strengthenedBy(BACKWARD)} is {@code FULL}. Mixed depths (transitive one way, latest the
   * other) have no name of their own and round up to {@link #FULL_TRANSITIVE}.
   */
  public CompatibilityLevel strengthenedBy(CompatibilityLevel other) {
    int b = Math.max(backward, other.backward);
    int f = Math.max(forward, other.forward);
    for (CompatibilityLevel level : values()) {
      if (level.backward == b && level.forward == f) {
        return level;
      }
    }
    return FULL_TRANSITIVE;
  }
}
