package io.promptstream.runtime.prompter;

import ai.djl.Device;
import ai.djl.engine.Engine;

/** Device choice: CUDA when the PyTorch engine finds a GPU, CPU otherwise. */
public final class Devices {

  private Devices() {}

  /** The PyTorch engine. */
  public static Engine engine() {
    return Engine.getEngine("PyTorch");
  }

  /**
   * The default device: {@code gpu(0)} when the engine reports a GPU (a CUDA build of libtorch is
   * loaded and a device is visible), otherwise the CPU.
   */
  public static Device preferred() {
    return engine().getGpuCount() > 0 ? Device.gpu() : Device.cpu();
  }
}
