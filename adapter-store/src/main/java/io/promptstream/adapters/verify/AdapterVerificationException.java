package io.promptstream.adapters.verify;

import java.io.IOException;
import java.nio.file.Path;

/**
 * An adapter directory was refused. Nothing of it may be loaded: the caller keeps serving the
 * version it had. The {@link #reason()} says which check failed; the message names the file, tensor
 * or field.
 */
public class AdapterVerificationException extends IOException {

  private static final long serialVersionUID = 1L;

  /** Which check refused the directory, in the order the checks run. */
  public enum Reason {
    /** The directory, or its {@code manifest.json}, does not exist. */
    MISSING_MANIFEST,
    /** An entry is a directory, a link or another non-regular file. */
    UNEXPECTED_ENTRY,
    /** A file has a name of a format that can execute code (pickle, TorchScript, ...). */
    EXECUTABLE_FILE,
    /** {@code manifest.json} differs from the sha256 the caller expected (e.g. from a release). */
    MANIFEST_HASH_MISMATCH,
    /** {@code manifest.json} is not valid JSON, is too large, or lacks a required field. */
    MALFORMED_MANIFEST,
    /** The manifest's schema version is newer than this code reads. */
    UNSUPPORTED_MANIFEST_VERSION,
    /** The manifest names another target LLM or version than the one requested. */
    IDENTITY_MISMATCH,
    /** The head was trained on another trunk than the one running. */
    FINGERPRINT_MISMATCH,
    /** A file in the directory has no sha256 in the manifest. */
    MISSING_HASH,
    /** A file listed in the manifest is not in the directory. */
    MISSING_FILE,
    /** A file's content differs from its sha256 in the manifest. */
    HASH_MISMATCH,
    /** {@code adapter.safetensors} is not a well-formed safetensors file (see the cause). */
    INVALID_SAFETENSORS,
    /** The weights hold a tensor that is not part of an adapter head. */
    UNEXPECTED_TENSOR,
    /** The weights lack a tensor the head needs. */
    MISSING_TENSOR,
    /** A tensor is stored in a type other than F32, F16 or BF16. */
    UNSUPPORTED_DTYPE,
    /** A tensor's shape, or the manifest's head shape, does not fit the trunk. */
    WRONG_SHAPE,
    /** A file could not be read (permissions, I/O error; see the cause). */
    UNREADABLE
  }

  private final Reason reason;
  private final transient Path directory;

  /**
   * Creates the exception.
   *
   * @param directory the refused adapter directory
   * @param reason the failed check
   * @param message what exactly failed
   */
  public AdapterVerificationException(Path directory, Reason reason, String message) {
    this(directory, reason, message, null);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param directory the refused adapter directory
   * @param reason the failed check
   * @param message what exactly failed
   * @param cause the underlying failure, or {@code null}
   */
  public AdapterVerificationException(
      Path directory, Reason reason, String message, Throwable cause) {
    super(directory + ": " + reason + ": " + message, cause);
    this.directory = directory;
    this.reason = reason;
  }

  /** The failed check. */
  public Reason reason() {
    return reason;
  }

  /** The refused directory. */
  public Path directory() {
    return directory;
  }
}
