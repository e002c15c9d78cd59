package io.promptstream.adapters.store;

import java.io.IOException;

/** The store refused an operation or found its own state unusable; nothing was changed. */
public class AdapterStoreException extends IOException {

  private static final long serialVersionUID = 1L;

  /** Creates the exception. */
  public AdapterStoreException(String message) {
    super(message);
  }

  /** Creates the exception with a cause. */
  public AdapterStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
