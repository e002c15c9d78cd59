package io.promptstream.adapters.store;

/** An operation named a version the store does not hold, or there is none to roll back to. */
public class NoSuchAdapterVersionException extends AdapterStoreException {

  private static final long serialVersionUID = 1L;

  /** Creates the exception. */
  public NoSuchAdapterVersionException(String message) {
    super(message);
  }
}
