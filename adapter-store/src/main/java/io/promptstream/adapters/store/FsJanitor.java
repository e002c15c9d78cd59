package io.promptstream.adapters.store;

import io.promptstream.adapters.internal.ActivePointer;
import io.promptstream.adapters.internal.DurableFiles;
import io.promptstream.adapters.internal.FsLayout;
import io.promptstream.adapters.internal.TargetLocks;
import io.promptstream.adapters.release.ReleaseEvent;
import io.promptstream.adapters.release.ReleaseStage;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Deletes what the store no longer needs: versions beyond retention, leftovers of crashes. */
final class FsJanitor {

  private static final Logger LOG = LoggerFactory.getLogger(FsJanitor.class);

  private final FsLayout layout;
  private final FsCatalog catalog;
  private final Clock clock;
  private final int retainVersions;

  FsJanitor(FsLayout layout, FsCatalog catalog, Clock clock, int retainVersions) {
    this.layout = layout;
    this.catalog = catalog;
    this.clock = clock;
    this.retainVersions = retainVersions;
  }

  /**
   * Deletes a target's versions beyond retention and returns their RETIRED events, oldest first.
   * The caller holds the target's lock.
   */
  List<ReleaseEvent> retire(String target) throws IOException {
    List<ReleaseEvent> events = new ArrayList<>();
    Optional<ActivePointer> pointer;
    try {
      pointer = catalog.pointer(target);
    } catch (AdapterStoreException e) {
      // Without a readable pointer nothing is known to be safe to delete.
      LOG.warn("Retention of {} skipped: {}", target, e.getMessage());
      return events;
    }
    List<AdapterVersion> versions = catalog.list(target);
    Set<String> doomed =
        new HashSet<>(
            Retention.select(
                versions.stream().map(AdapterVersion::version).toList(),
                retainVersions,
                protectedVersions(pointer, versions)));
    Instant now = clock.instant();
    for (AdapterVersion version : versions) {
      if (doomed.contains(version.version())) {
        delete(target, version.version());
        events.add(
            ReleaseEvents.of(
                version.manifest(),
                ReleaseStage.RETIRED,
                version.location(),
                version.manifestSha256(),
                "retention keeps the newest " + retainVersions,
                now));
      }
    }
    return events;
  }

  /** Deletes leftovers of interrupted operations in every target. */
  void recover() throws IOException {
    for (String target : catalog.targets()) {
      int removed =
          TargetLocks.locked(
              layout.lock(target),
              () ->
                  deleteLeftovers(layout.versions(target), "")
                      + deleteLeftovers(layout.target(target), ".tmp"));
      if (removed > 0) {
        LOG.warn("Removed {} leftovers of interrupted operations in target {}", removed, target);
      }
    }
  }

  private static Set<String> protectedVersions(
      Optional<ActivePointer> pointer, List<AdapterVersion> versions) {
    Set<String> kept = new HashSet<>();
    pointer.ifPresent(
        p -> {
          kept.add(p.active().version());
          p.previous().forEach(e -> kept.add(e.version()));
          versions.stream()
              .filter(v -> v.version().equals(p.active().version()))
              .map(v -> v.manifest().parentVersion())
              .filter(Objects::nonNull)
              .forEach(kept::add);
        });
    return kept;
  }

  private void delete(String target, String version) throws IOException {
    // Renamed away first, so the version disappears atomically even if deletion is cut short.
    Path trash = layout.newRetireDir(target, version);
    Files.move(layout.version(target, version), trash, StandardCopyOption.ATOMIC_MOVE);
    DurableFiles.fsyncDirectory(layout.versions(target));
    try {
      DurableFiles.deleteRecursively(trash);
    } catch (IOException e) {
      LOG.warn("Could not delete {} now; it is removed when the store is next opened", trash, e);
    }
    LOG.info("Retired {}/{}", target, version);
  }

  private static int deleteLeftovers(Path dir, String suffix) throws IOException {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    List<Path> leftovers = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        if (FsLayout.isBookkeeping(name) && name.endsWith(suffix) && !name.equals(FsLayout.LOCK)) {
          leftovers.add(entry);
        }
      }
    }
    for (Path leftover : leftovers) {
      DurableFiles.deleteRecursively(leftover);
    }
    return leftovers.size();
  }
}
