package io.promptstream.runtime.safetensors;

import java.util.Locale;

/**
 * Element types a safetensors file may declare and this runtime understands.
 *
 * <p>Floating-point tensors of every listed width are converted to {@code float32} when they are
 * read into DJL: the PyTorch engine of DJL 0.34 aborts the JVM on {@code bfloat16} tensors, and
 * {@code float16} matrix products on CPU are two orders of magnitude slower than {@code float32}.
 */
public enum SafetensorsDType {
  /** 64-bit IEEE float. */
  F64(8, true),
  /** 32-bit IEEE float. */
  F32(4, true),
  /** 16-bit IEEE float (half precision). */
  F16(2, true),
  /** 16-bit brain float: the upper half of a {@code float32}. */
  BF16(2, true),
  /** 64-bit signed integer. */
  I64(8, false),
  /** 32-bit signed integer. */
  I32(4, false),
  /** 16-bit signed integer. */
  I16(2, false),
  /** 8-bit signed integer. */
  I8(1, false),
  /** 8-bit unsigned integer. */
  U8(1, false),
  /** Boolean stored as one byte. */
  BOOL(1, false);

  private final int byteSize;
  private final boolean floating;

  SafetensorsDType(int byteSize, boolean floating) {
    this.byteSize = byteSize;
    this.floating = floating;
  }

  /** Bytes per element. */
  public int byteSize() {
    return byteSize;
  }

  /** Whether the type is a floating-point type (converted to {@code float32} on read). */
  public boolean isFloatingPoint() {
    return floating;
  }

  /**
   * Parses the dtype string of a safetensors header.
   *
   * @param name the header's {@code dtype} value, e.g. {@code "BF16"}
   * @return the type, or {@code null} when the name is not one this runtime understands
   */
  public static SafetensorsDType fromHeaderName(String name) {
    if (name == null) {
      return null;
    }
    try {
      return valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
