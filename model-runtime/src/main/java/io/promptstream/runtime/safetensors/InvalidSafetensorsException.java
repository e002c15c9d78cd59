package io.promptstream.runtime.safetensors;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A file was refused because it is not a well-formed safetensors file. Nothing of such a file is
 * handed to DJL: validation happens on the raw bytes before any tensor is created.
 */
public class InvalidSafetensorsException extends IOException {

  private static final long serialVersionUID = 1L;

  /** Why a file was refused. */
  public enum Reason {
    /** The file is shorter than its own header claims, or shorter than 8 bytes. */
    TRUNCATED,
    /** The declared header length is larger than the accepted cap. */
    HEADER_TOO_LARGE,
    /** The header is not a JSON object of the expected shape. */
    MALFORMED_HEADER,
    /** Two tensors carry the same name. */
    DUPLICATE_TENSOR,
    /** A tensor declares a dtype this runtime does not understand. */
    UNSUPPORTED_DTYPE,
    /** Offsets overlap, leave holes, or point outside the file. */
    BAD_OFFSETS,
    /** A tensor's byte length differs from its shape times its element size. */
    SIZE_MISMATCH,
    /** The file is a pickle or a TorchScript/zip archive: formats that can execute code. */
    EXECUTABLE_FORMAT,
    /** A tensor requested by name is not in the file. */
    MISSING_TENSOR
  }

  private final Reason reason;
  private final transient Path file;

  /**
   * Creates the exception.
   *
   * @param file the refused file, may be {@code null} for in-memory checks
   * @param reason why it was refused
   * @param message details, naming the offending tensor where there is one
   */
  public InvalidSafetensorsException(Path file, Reason reason, String message) {
    super((file == null ? "" : file + ": ") + reason + ": " + message);
    this.file = file;
    this.reason = reason;
  }

  /** Why the file was refused. */
  public Reason reason() {
    return reason;
  }

  /** The refused file, or {@code null}. */
  public Path file() {
    return file;
  }
}
