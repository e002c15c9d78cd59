package io.promptstream.runtime.adapter;

/** A head could not be provided by the {@link HeadCache}; the cache itself is unchanged. */
public class HeadLoadException extends Exception {

  private static final long serialVersionUID = 1L;

  /** Why the head could not be provided. */
  public enum Reason {
    /** The loader threw; the cause is its exception. */
    LOADER_FAILED,
    /** The head alone is larger than the cache's byte bound. */
    LARGER_THAN_CACHE,
    /** Every resident head is pinned or in use, so nothing can be evicted to make room. */
    NO_EVICTABLE_ROOM,
    /** The cache has been closed. */
    CLOSED
  }

  private final HeadId id;
  private final Reason reason;

  /** Creates the exception. */
  public HeadLoadException(HeadId id, Reason reason, String message, Throwable cause) {
    super(id + ": " + reason + (message == null ? "" : ": " + message), cause);
    this.id = id;
    this.reason = reason;
  }

  /** The head that was asked for. */
  public HeadId id() {
    return id;
  }

  /** Why it could not be provided. */
  public Reason reason() {
    return reason;
  }
}
