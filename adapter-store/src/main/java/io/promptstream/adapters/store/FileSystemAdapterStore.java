package io.promptstream.adapters.store;

import io.promptstream.adapters.internal.ActivePointer;
import io.promptstream.adapters.internal.DurableFiles;
import io.promptstream.adapters.internal.FsLayout;
import io.promptstream.adapters.internal.PathSegments;
import io.promptstream.adapters.internal.TargetLocks;
import io.promptstream.adapters.release.ReleaseEvent;
import io.promptstream.adapters.release.ReleaseListener;
import io.promptstream.adapters.release.ReleaseStage;
import io.promptstream.adapters.verify.AdapterExpectations;
import io.promptstream.adapters.verify.AdapterVerificationException;
import io.promptstream.adapters.verify.AdapterVerifier;
import io.promptstream.adapters.verify.VerifiedAdapter;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded adapter store: one directory tree on a local filesystem.
 *
 * <pre>{@code
 * AdapterStore store = FileSystemAdapterStore.builder()
 *     .setRoot(Path.of(".work/adapters"))
 *     .optListener(releasesTopicWriter)
 *     .build();
 * AdapterVersion v = store.publish(draft);               // v000001, not yet active
 * store.promote(v.targetLlm(), v.version(), trunk, "win rate 0.91 on canary");
 * Optional<VerifiedAdapter> head = store.loadActive("llama-3-8b", trunk);
 * }</pre>
 *
 * <p>Layout: {@code <root>/<target>/versions/<version>/{adapter.safetensors,manifest.json}} and
 * {@code <root>/<target>/active.json}. Store-assigned versions are {@code v} and a six-digit
 * number, one more than the highest such number stored ({@code v000001}, {@code v000002}, ...), so
 * they sort by name in publication order.
 *
 * <p>Durability: a version is written into a dot-named directory, fsynced, checked and renamed into
 * place; the pointer is written to a temporary file, fsynced and renamed over the old one. A crash
 * leaves at most a dot-named leftover, which is never listed and which {@link Builder#build()}
 * deletes. Published files are made read-only where the filesystem supports it.
 *
 * <p>Concurrency: writers of one target take turns (a lock per target shared by the JVM, plus an OS
 * file lock for other processes on the same host; locks on network filesystems may not hold, so
 * keep one writing process there). Readers take no lock. Writers of different targets run in
 * parallel.
 */
public final class FileSystemAdapterStore implements AdapterStore {

  /** Versions kept per target by retention, besides protected ones. */
  public static final int DEFAULT_RETAIN_VERSIONS = 10;

  /** Earlier active versions remembered per target for roll back. */
  public static final int DEFAULT_ROLLBACK_DEPTH = 5;

  private static final Logger LOG = LoggerFactory.getLogger(FileSystemAdapterStore.class);
  private static final Pattern ASSIGNED = Pattern.compile("v(\\d{1,18})");

  private final FsLayout layout;
  private final FsCatalog catalog;
  private final Clock clock;
  private final int rollbackDepth;
  private final AdapterVerifier verifier;
  private final VersionWriter writer;
  private final FsJanitor janitor;
  private final Announcer announcer;

  private FileSystemAdapterStore(Builder b) {
    this.layout = new FsLayout(b.root);
    this.catalog = new FsCatalog(layout);
    this.clock = b.clock;
    this.rollbackDepth = b.rollbackDepth;
    this.verifier = b.verifier;
    this.writer = new VersionWriter(layout, clock, verifier);
    this.janitor = new FsJanitor(layout, catalog, clock, b.retainVersions);
    this.announcer = new Announcer(b.listener);
  }

  /** A builder; the root is required. */
  public static Builder builder() {
    return new Builder();
  }

  /** The root directory. */
  public Path root() {
    return layout.root();
  }

  @Override
  public AdapterVersion publish(AdapterDraft draft) throws IOException {
    Objects.requireNonNull(draft, "draft");
    String target = draft.targetLlm();
    Files.createDirectories(layout.versions(target));
    return TargetLocks.locked(
        layout.lock(target),
        () -> {
          String version = draft.version() != null ? draft.version() : nextVersion(target);
          Path dir = layout.version(target, version);
          if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new AdapterVersionExistsException(target, version);
          }
          VerifiedAdapter written = writer.write(draft, version);
          AdapterVersion published =
              new AdapterVersion(
                  target, version, dir.toUri(), written.manifestSha256(), written.manifest());
          LOG.info("Published {}/{} ({})", target, version, written.manifestSha256());
          List<ReleaseEvent> events = janitor.retire(target);
          events.add(event(published, ReleaseStage.CANARY, null));
          announcer.announce(events);
          return published;
        });
  }

  @Override
  public List<String> targets() throws IOException {
    return catalog.targets();
  }

  @Override
  public List<AdapterVersion> list(String targetLlm) throws IOException {
    return catalog.list(PathSegments.requireSafe(targetLlm, "targetLlm"));
  }

  @Override
  public Optional<AdapterVersion> get(String targetLlm, String version) throws IOException {
    PathSegments.requireSafe(targetLlm, "targetLlm");
    PathSegments.requireSafe(version, "version");
    return catalog.read(targetLlm, version);
  }

  @Override
  public Optional<AdapterVersion> latest(String targetLlm) throws IOException {
    List<AdapterVersion> versions = list(targetLlm);
    return versions.isEmpty() ? Optional.empty() : Optional.of(versions.get(versions.size() - 1));
  }

  @Override
  public Optional<AdapterVersion> active(String targetLlm) throws IOException {
    PathSegments.requireSafe(targetLlm, "targetLlm");
    Optional<ActivePointer> pointer = catalog.pointer(targetLlm);
    return pointer.isEmpty()
        ? Optional.empty()
        : catalog.read(targetLlm, pointer.get().active().version());
  }

  @Override
  public VerifiedAdapter load(String targetLlm, String version, AdapterExpectations expected)
      throws IOException {
    PathSegments.requireSafe(targetLlm, "targetLlm");
    PathSegments.requireSafe(version, "version");
    Objects.requireNonNull(expected, "expected");
    return verifier.verify(
        layout.version(targetLlm, version), expected.forVersion(targetLlm, version));
  }

  @Override
  public Optional<VerifiedAdapter> loadActive(String targetLlm, AdapterExpectations expected)
      throws IOException {
    PathSegments.requireSafe(targetLlm, "targetLlm");
    Objects.requireNonNull(expected, "expected");
    Optional<ActivePointer> pointer = catalog.pointer(targetLlm);
    if (pointer.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(verifyEntry(targetLlm, pointer.get().active(), expected));
  }

  @Override
  public VerifiedAdapter promote(
      String targetLlm, String version, AdapterExpectations expected, String reason)
      throws IOException {
    PathSegments.requireSafe(targetLlm, "targetLlm");
    PathSegments.requireSafe(version, "version");
    Objects.requireNonNull(expected, "expected");
    requireStored(targetLlm, version);
    return TargetLocks.locked(
        layout.lock(targetLlm),
        () -> {
          Optional<ActivePointer> current = catalog.pointer(targetLlm);
          boolean alreadyActive =
              current.isPresent() && current.get().active().version().equals(version);
          VerifiedAdapter verified;
          if (alreadyActive) {
            // Re-promotion retries the announcement; the pointer's hash guards against a new
            // manifest.
            verified = verifyEntry(targetLlm, current.get().active(), expected);
          } else {
            verified =
                verifier.verify(
                    layout.version(targetLlm, version), expected.forVersion(targetLlm, version));
            ActivePointer.Entry entry = new ActivePointer.Entry(version, verified.manifestSha256());
            Instant now = clock.instant();
            ActivePointer next =
                current
                    .map(p -> p.activate(entry, rollbackDepth, now, reason))
                    .orElseGet(
                        () ->
                            new ActivePointer(
                                ActivePointer.CURRENT_SCHEMA_VERSION,
                                entry,
                                List.of(),
                                now,
                                reason));
            DurableFiles.writeAtomically(layout.pointer(targetLlm), next.toJson());
            LOG.info("Promoted {}/{}: {}", targetLlm, version, reason);
          }
          List<ReleaseEvent> events = alreadyActive ? new ArrayList<>() : janitor.retire(targetLlm);
          events.add(event(verified, ReleaseStage.ACTIVE, reason));
          announcer.announce(events);
          return verified;
        });
  }

  @Override
  public VerifiedAdapter rollback(String targetLlm, AdapterExpectations expected, String reason)
      throws IOException {
    PathSegments.requireSafe(targetLlm, "targetLlm");
    Objects.requireNonNull(expected, "expected");
    if (!Files.isDirectory(layout.target(targetLlm))) {
      throw new NoSuchAdapterVersionException("target '" + targetLlm + "' has no versions");
    }
    return TargetLocks.locked(
        layout.lock(targetLlm),
        () -> {
          ActivePointer pointer = requirePointer(targetLlm);
          if (pointer.previous().isEmpty()) {
            throw new NoSuchAdapterVersionException(
                "target '" + targetLlm + "' has no previous active version to roll back to");
          }
          ActivePointer.Entry previous = pointer.previous().get(0);
          return restore(targetLlm, pointer, previous, previous.version(), expected, reason);
        });
  }

  @Override
  public VerifiedAdapter rollbackTo(
      String targetLlm, String version, AdapterExpectations expected, String reason)
      throws IOException {
    PathSegments.requireSafe(targetLlm, "targetLlm");
    PathSegments.requireSafe(version, "version");
    Objects.requireNonNull(expected, "expected");
    requireStored(targetLlm, version);
    return TargetLocks.locked(
        layout.lock(targetLlm),
        () -> {
          ActivePointer pointer = requirePointer(targetLlm);
          if (pointer.active().version().equals(version)) {
            throw new IllegalArgumentException(
                "version '" + version + "' of target '" + targetLlm + "' is already active");
          }
          ActivePointer.Entry remembered =
              pointer.previous().stream()
                  .filter(e -> e.version().equals(version))
                  .findFirst()
                  .orElse(null);
          return restore(targetLlm, pointer, remembered, version, expected, reason);
        });
  }

  @Override
  public void withdraw(String targetLlm, String version, String reason) throws IOException {
    PathSegments.requireSafe(targetLlm, "targetLlm");
    PathSegments.requireSafe(version, "version");
    requireStored(targetLlm, version);
    TargetLocks.locked(
        layout.lock(targetLlm),
        () -> {
          Optional<AdapterVersion> active = active(targetLlm);
          if (active.isPresent() && active.get().version().equals(version)) {
            throw new IllegalArgumentException(
                "version '" + version + "' of target '" + targetLlm + "' is active; roll back");
          }
          AdapterVersion withdrawn =
              get(targetLlm, version)
                  .orElseThrow(
                      () ->
                          new NoSuchAdapterVersionException(
                              "version '"
                                  + version
                                  + "' of target '"
                                  + targetLlm
                                  + "' is unreadable"));
          LOG.info("Withdrew {}/{}: {}", targetLlm, version, reason);
          announcer.announce(List.of(event(withdrawn, ReleaseStage.ROLLED_BACK, reason)));
          return null;
        });
  }

  @Override
  public List<String> applyRetention(String targetLlm) throws IOException {
    PathSegments.requireSafe(targetLlm, "targetLlm");
    if (!Files.isDirectory(layout.versions(targetLlm))) {
      return List.of();
    }
    return TargetLocks.locked(
        layout.lock(targetLlm),
        () -> {
          List<ReleaseEvent> events = janitor.retire(targetLlm);
          announcer.announce(events);
          return events.stream().map(ReleaseEvent::version).toList();
        });
  }

  @Override
  public List<ReleaseEvent> activeReleases() throws IOException {
    return catalog.activeReleases();
  }

  private VerifiedAdapter restore(
      String target,
      ActivePointer pointer,
      ActivePointer.Entry remembered,
      String version,
      AdapterExpectations expected,
      String reason)
      throws IOException {
    // A remembered version must still have the manifest it had when it was active.
    String manifestSha256 = remembered == null ? null : remembered.manifestSha256();
    VerifiedAdapter verified =
        verifier.verify(
            layout.version(target, version), expected.forVersion(target, version, manifestSha256));
    ActivePointer.Entry withdrawn = pointer.active();
    Instant now = clock.instant();
    ActivePointer next =
        pointer.rollBackTo(
            new ActivePointer.Entry(version, verified.manifestSha256()), now, reason);
    DurableFiles.writeAtomically(layout.pointer(target), next.toJson());
    LOG.warn("Rolled back {} from {} to {}: {}", target, withdrawn.version(), version, reason);
    List<ReleaseEvent> events = new ArrayList<>();
    events.add(
        ReleaseEvents.rolledBack(
            target,
            withdrawn.version(),
            catalog.read(target, withdrawn.version()).map(AdapterVersion::manifest),
            layout.version(target, withdrawn.version()).toUri(),
            withdrawn.manifestSha256(),
            reason,
            now));
    events.add(event(verified, ReleaseStage.ACTIVE, reason));
    announcer.announce(events);
    return verified;
  }

  private VerifiedAdapter verifyEntry(
      String target, ActivePointer.Entry entry, AdapterExpectations expected)
      throws AdapterVerificationException {
    Path dir = layout.version(target, entry.version());
    if (expected.manifestSha256() != null
        && !expected.manifestSha256().equals(entry.manifestSha256())) {
      throw new AdapterVerificationException(
          dir,
          AdapterVerificationException.Reason.MANIFEST_HASH_MISMATCH,
          "the active version's manifest is "
              + entry.manifestSha256()
              + ", expected "
              + expected.manifestSha256());
    }
    return verifier.verify(
        dir, expected.forVersion(target, entry.version(), entry.manifestSha256()));
  }

  private String nextVersion(String target) throws IOException {
    long highest = 0;
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(layout.versions(target))) {
      for (Path entry : entries) {
        Matcher m = ASSIGNED.matcher(entry.getFileName().toString());
        if (m.matches()) {
          highest = Math.max(highest, Long.parseLong(m.group(1)));
        }
      }
    }
    return String.format("v%06d", highest + 1);
  }

  private void requireStored(String target, String version) throws NoSuchAdapterVersionException {
    if (!Files.isDirectory(layout.version(target, version))) {
      throw new NoSuchAdapterVersionException(
          "target '" + target + "' has no version '" + version + "'");
    }
  }

  private ActivePointer requirePointer(String target) throws IOException {
    return catalog
        .pointer(target)
        .orElseThrow(
            () ->
                new NoSuchAdapterVersionException("target '" + target + "' has no active version"));
  }

  private ReleaseEvent event(AdapterVersion version, ReleaseStage stage, String reason) {
    return ReleaseEvents.of(
        version.manifest(),
        stage,
        version.location(),
        version.manifestSha256(),
        reason,
        clock.instant());
  }

  private ReleaseEvent event(VerifiedAdapter verified, ReleaseStage stage, String reason) {
    return ReleaseEvents.of(
        verified.manifest(),
        stage,
        verified.directory().toUri(),
        verified.manifestSha256(),
        reason,
        clock.instant());
  }

  /** Builds a {@link FileSystemAdapterStore}: {@code set*} are required, {@code opt*} optional. */
  public static final class Builder {
    private Path root;
    private Clock clock = Clock.systemUTC();
    private int retainVersions = DEFAULT_RETAIN_VERSIONS;
    private int rollbackDepth = DEFAULT_ROLLBACK_DEPTH;
    private ReleaseListener listener = ReleaseListener.NONE;
    private AdapterVerifier verifier = new AdapterVerifier();

    private Builder() {}

    /** The root directory (required); created when absent. */
    public Builder setRoot(Path root) {
      this.root = Objects.requireNonNull(root, "root");
      return this;
    }

    /** The clock for creation and release times; default: the system clock in UTC. */
    public Builder optClock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * How many of a target's newest versions retention keeps, besides protected ones; default
     * {@value FileSystemAdapterStore#DEFAULT_RETAIN_VERSIONS}.
     *
     * @throws IllegalArgumentException when below 1
     */
    public Builder optRetainVersions(int retainVersions) {
      if (retainVersions < 1) {
        throw new IllegalArgumentException(
            "retainVersions must be at least 1, but was " + retainVersions);
      }
      this.retainVersions = retainVersions;
      return this;
    }

    /**
     * How many earlier active versions each target remembers for roll back (all protected from
     * retention); default {@value FileSystemAdapterStore#DEFAULT_ROLLBACK_DEPTH}.
     *
     * @throws IllegalArgumentException when below 1
     */
    public Builder optRollbackDepth(int rollbackDepth) {
      if (rollbackDepth < 1) {
        throw new IllegalArgumentException(
            "rollbackDepth must be at least 1, but was " + rollbackDepth);
      }
      this.rollbackDepth = rollbackDepth;
      return this;
    }

    /** Receives release events; default: {@link ReleaseListener#NONE}. */
    public Builder optListener(ReleaseListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /** The verifier; default: {@code new AdapterVerifier()}. */
    public Builder optVerifier(AdapterVerifier verifier) {
      this.verifier = Objects.requireNonNull(verifier, "verifier");
      return this;
    }

    /**
     * Creates the root if needed, deletes leftovers of interrupted operations, and returns the
     * store.
     *
     * @throws NullPointerException when the root is not set
     * @throws IOException when the root cannot be created or cleaned
     */
    public FileSystemAdapterStore build() throws IOException {
      Objects.requireNonNull(root, "root");
      Files.createDirectories(root);
      FileSystemAdapterStore store = new FileSystemAdapterStore(this);
      store.janitor.recover();
      return store;
    }
  }
}
