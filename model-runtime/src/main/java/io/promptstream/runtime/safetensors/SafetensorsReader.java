package io.promptstream.runtime.safetensors;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.promptstream.runtime.safetensors.InvalidSafetensorsException.Reason;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;

/**
 * Reads tensors of a validated safetensors file into DJL, one tensor at a time.
 *
 * <p>Floating-point tensors of any width arrive as {@code float32}: the conversion happens in Java,
 * chunk by chunk, so no {@code bfloat16} tensor ever reaches the PyTorch engine (which aborts the
 * JVM on them in DJL 0.34) and no {@code float16} weight ends up in a CPU matrix product. A tensor
 * is streamed through a bounded staging buffer straight into its final native allocation, so
 * loading never holds two full copies of a tensor, let alone of a model.
 *
 * <p>Instances are safe for concurrent reads (positional I/O only).
 */
public final class SafetensorsReader implements AutoCloseable {

  /** Staging buffer size: large enough for efficient I/O, small next to any model. */
  static final int CHUNK_BYTES = 8 * 1024 * 1024;

  private final FileChannel channel;
  private final SafetensorsHeader header;

  private SafetensorsReader(FileChannel channel, SafetensorsHeader header) {
    this.channel = channel;
    this.header = header;
  }

  /**
   * Opens a file and validates its header; nothing is handed to DJL unless this succeeds.
   *
   * @param file the safetensors file
   * @return an open reader; close it to release the file
   * @throws InvalidSafetensorsException when the file is malformed, a pickle or an archive
   * @throws IOException when it cannot be read
   */
  public static SafetensorsReader open(Path file) throws IOException {
    FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
    try {
      return new SafetensorsReader(channel, SafetensorsHeader.read(channel, file));
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /** The validated header. */
  public SafetensorsHeader header() {
    return header;
  }

  /**
   * Reads a tensor into a new array of the manager (on the manager's device). Floating-point
   * tensors become {@code float32}; integer and boolean tensors keep their type.
   *
   * @param name the tensor name
   * @param manager the owner of the new array
   * @return the tensor, in the stored shape
   * @throws InvalidSafetensorsException with {@link Reason#MISSING_TENSOR} when absent
   * @throws IOException when reading fails
   */
  public NDArray read(String name, NDManager manager) throws IOException {
    TensorInfo info = header.tensor(name);
    DataType target = targetType(info.dtype());
    long count = info.elementCount();
    int outSize = target.getNumOfBytes();
    int chunkElements = Math.max(1, CHUNK_BYTES / Math.max(outSize, info.dtype().byteSize()));
    NDArray flat = manager.create(new Shape(count), target);
    try {
      int firstChunk = (int) Math.min(chunkElements, count);
      ByteBuffer raw = ByteBuffer.allocate(firstChunk * info.dtype().byteSize());
      raw.order(ByteOrder.LITTLE_ENDIAN);
      // One staging buffer per tensor, reused: each chunk is copied into place synchronously.
      ByteBuffer staging = manager.allocateDirect(Math.max(1, firstChunk * outSize));
      for (long start = 0; start < count; start += chunkElements) {
        int n = (int) Math.min(chunkElements, count - start);
        raw.clear().limit(n * info.dtype().byteSize());
        readAt(raw, header.dataStart() + info.begin() + start * info.dtype().byteSize());
        raw.flip();
        ByteBuffer staged =
            staging.clear().limit(n * outSize).slice().order(ByteOrder.nativeOrder());
        convert(info.dtype(), raw, staged, n);
        staged.flip();
        try (NDArray chunk = manager.create(staged, new Shape(n), target)) {
          flat.set(new NDIndex("{}:{}", start, start + n), chunk);
        }
      }
      NDArray shaped = flat.reshape(new Shape(info.shape()));
      shaped.setName(name);
      flat.close();
      // Weights belong to the manager, never to a scope that happens to be open.
      NDScope.unregister(shaped);
      return shaped;
    } catch (IOException | RuntimeException e) {
      flat.close();
      throw e;
    }
  }

  /**
   * Reads a floating-point tensor into a Java array, converted to {@code float}. Meant for small
   * tensors (tests, norms, metadata-like vectors).
   */
  public float[] readFloats(String name) throws IOException {
    TensorInfo info = header.tensor(name);
    if (!info.dtype().isFloatingPoint()) {
      throw new IllegalArgumentException(name + " is not a floating-point tensor");
    }
    int n = Math.toIntExact(info.elementCount());
    ByteBuffer raw = ByteBuffer.allocate(Math.toIntExact(info.byteLength()));
    raw.order(ByteOrder.LITTLE_ENDIAN);
    readAt(raw, header.dataStart() + info.begin());
    raw.flip();
    ByteBuffer out = ByteBuffer.allocate(n * 4).order(ByteOrder.nativeOrder());
    convert(info.dtype(), raw, out, n);
    out.flip();
    float[] result = new float[n];
    out.asFloatBuffer().get(result);
    return result;
  }

  /**
   * Streams a tensor's stored bytes, unconverted, in chunks (e.g. for hashing). The buffer passed
   * to the consumer is only valid during the call.
   */
  public void streamRaw(String name, Consumer<ByteBuffer> consumer) throws IOException {
    TensorInfo info = header.tensor(name);
    ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(CHUNK_BYTES, info.byteLength()));
    for (long pos = 0; pos < info.byteLength(); ) {
      int n = (int) Math.min(buffer.capacity(), info.byteLength() - pos);
      buffer.clear().limit(n);
      readAt(buffer, header.dataStart() + info.begin() + pos);
      buffer.flip();
      consumer.accept(buffer);
      pos += n;
    }
  }

  private void readAt(ByteBuffer buffer, long position) throws IOException {
    long pos = position;
    while (buffer.hasRemaining()) {
      int read = channel.read(buffer, pos);
      if (read < 0) {
        throw new InvalidSafetensorsException(
            header.file(), Reason.TRUNCATED, "unexpected end of file");
      }
      pos += read;
    }
  }

  /** The DJL type a stored type is read as. */
  static DataType targetType(SafetensorsDType dtype) {
    switch (dtype) {
      case F64:
      case F32:
      case F16:
      case BF16:
        return DataType.FLOAT32;
      case I64:
        return DataType.INT64;
      case I32:
        return DataType.INT32;
      case I16:
        return DataType.INT32;
      case I8:
        return DataType.INT8;
      case U8:
        return DataType.UINT8;
      case BOOL:
        return DataType.BOOLEAN;
      default:
        throw new IllegalArgumentException("unsupported dtype " + dtype);
    }
  }

  /** Converts n stored little-endian elements to native-order target elements. */
  private static void convert(SafetensorsDType dtype, ByteBuffer in, ByteBuffer out, int n) {
    out.order(ByteOrder.nativeOrder());
    switch (dtype) {
      case F32:
        if (ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN) {
          out.put(in); // bulk copy: stored and native layouts agree
        } else {
          for (int i = 0; i < n; i++) {
            out.putFloat(in.getFloat());
          }
        }
        break;
      case F16:
        {
          ShortBuffer src = in.asShortBuffer();
          FloatBuffer dst = out.asFloatBuffer();
          for (int i = 0; i < n; i++) {
            dst.put(i, HalfFloats.f16ToFloat(src.get(i)));
          }
          out.position(out.position() + n * 4);
        }
        break;
      case BF16:
        {
          ShortBuffer src = in.asShortBuffer();
          FloatBuffer dst = out.asFloatBuffer();
          for (int i = 0; i < n; i++) {
            dst.put(i, HalfFloats.bf16ToFloat(src.get(i)));
          }
          out.position(out.position() + n * 4);
        }
        break;
      case F64:
        for (int i = 0; i < n; i++) {
          out.putFloat((float) in.getDouble());
        }
        break;
      case I64:
        for (int i = 0; i < n; i++) {
          out.putLong(in.getLong());
        }
        break;
      case I32:
        for (int i = 0; i < n; i++) {
          out.putInt(in.getInt());
        }
        break;
      case I16:
        for (int i = 0; i < n; i++) {
          out.putInt(in.getShort());
        }
        break;
      default:
        for (int i = 0; i < n; i++) {
          out.put(in.get());
        }
        break;
    }
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
