package io.promptstream.topology.cli;

import java.nio.file.Path;

/** Where embedded runs keep their files when the user names no directory. */
final class WorkDirs {

  /** Set by the launcher script to the project's {@code .work} directory. */
  static final String WORK_DIR_PROPERTY = "promptstream.work.dir";

  private WorkDirs() {}

  static Path defaultWorkDir() {
    return Path.of(System.getProperty(WORK_DIR_PROPERTY, ".work")).toAbsolutePath();
  }
}
