package io.promptstream.adapters.internal;

import java.nio.file.Path;
import java.util.UUID;

/**
 * Where the filesystem store keeps things under its root:
 *
 * <pre>
 * &lt;root&gt;/&lt;target&gt;/active.json                 the active pointer (absent until a promotion)
 * &lt;root&gt;/&lt;target&gt;/.lock                       the target's writer lock
 * &lt;root&gt;/&lt;target&gt;/versions/&lt;version&gt;/         an immutable, published version
 * &lt;root&gt;/&lt;target&gt;/versions/.publish-*         a publication in progress
 * &lt;root&gt;/&lt;target&gt;/versions/.retire-*          a version being deleted
 * </pre>
 *
 * Targets and versions are safe path segments, which start with a letter or digit; every name the
 * store uses for its own work starts with a dot, so the two can never collide, and a dot-name in
 * {@code versions/} is always the leftover of an interrupted operation.
 */
public final class FsLayout {

  /** The active pointer's file name. */
  public static final String POINTER = "active.json";

  /** A target's lock file name. */
  public static final String LOCK = ".lock";

  private static final String VERSIONS = "versions";
  private static final String PUBLISH_PREFIX = ".publish-";
  private static final String RETIRE_PREFIX = ".retire-";

  private final Path root;

  /** A layout under a root directory. */
  public FsLayout(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  /** The root. */
  public Path root() {
    return root;
  }

  /** A target's directory. */
  public Path target(String target) {
    return root.resolve(target);
  }

  /** The directory of a target's versions. */
  public Path versions(String target) {
    return target(target).resolve(VERSIONS);
  }

  /** A version's directory. */
  public Path version(String target, String version) {
    return versions(target).resolve(version);
  }

  /** A target's active pointer. */
  public Path pointer(String target) {
    return target(target).resolve(POINTER);
  }

  /** A target's lock file. */
  public Path lock(String target) {
    return target(target).resolve(LOCK);
  }

  /** A fresh directory name for publishing a version. */
  public Path newPublishDir(String target, String version) {
    return versions(target).resolve(PUBLISH_PREFIX + version + "-" + UUID.randomUUID());
  }

  /** A fresh directory name to move a version to before deleting it. */
  public Path newRetireDir(String target, String version) {
    return versions(target).resolve(RETIRE_PREFIX + version + "-" + UUID.randomUUID());
  }

  /** Whether a name in a store directory is the store's own bookkeeping (temp, lock, trash). */
  public static boolean isBookkeeping(String name) {
    return name.startsWith(".");
  }
}
