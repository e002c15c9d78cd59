package io.promptstream.adapters.store;

/** A publication named a version that already exists: versions are immutable, never replaced. */
public class AdapterVersionExistsException extends AdapterStoreException {

  private static final long serialVersionUID = 1L;

  /** Creates the exception. */
  public AdapterVersionExistsException(String targetLlm, String version) {
    super("version '" + version + "' of target '" + targetLlm + "' already exists");
  }
}
