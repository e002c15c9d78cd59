package io.promptstream.runtime.model;

/**
 * A checkpoint was refused because its architecture, or one of its settings, is not implemented
 * here. The message names the {@code config.json} key at fault.
 */
public class UnsupportedModelException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message naming the offending setting. */
  public UnsupportedModelException(String message) {
    super(message);
  }
}
