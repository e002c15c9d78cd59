package io.promptstream.adapters.store;

import io.promptstream.adapters.internal.ActivePointer;
import io.promptstream.adapters.internal.FsLayout;
import io.promptstream.adapters.internal.PathSegments;
import io.promptstream.adapters.internal.Sha256;
import io.promptstream.adapters.manifest.AdapterFiles;
import io.promptstream.adapters.manifest.AdapterManifest;
import io.promptstream.adapters.manifest.ManifestJson;
import io.promptstream.adapters.release.ReleaseEvent;
import io.promptstream.adapters.release.ReleaseStage;
import io.promptstream.adapters.verify.AdapterVerifier;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read side of the filesystem store. Needs no lock: versions appear and disappear by atomic
 * renames and the pointer is replaced atomically, so a reader sees either the state before a change
 * or the state after it.
 */
final class FsCatalog {

  private static final Logger LOG = LoggerFactory.getLogger(FsCatalog.class);

  /** Publication order: creation time, then name (store-assigned names sort by number). */
  static final Comparator<AdapterVersion> OLDEST_FIRST =
      Comparator.comparing((AdapterVersion v) -> v.manifest().createdAt())
          .thenComparing(AdapterVersion::version);

  private final FsLayout layout;

  FsCatalog(FsLayout layout) {
    this.layout = layout;
  }

  List<String> targets() throws IOException {
    List<String> targets = new ArrayList<>();
    for (String name : safeNames(layout.root())) {
      if (Files.isDirectory(layout.versions(name)) || Files.exists(layout.pointer(name))) {
        targets.add(name);
      }
    }
    return targets;
  }

  List<AdapterVersion> list(String target) throws IOException {
    List<AdapterVersion> versions = new ArrayList<>();
    for (String name : safeNames(layout.versions(target))) {
      read(target, name).ifPresent(versions::add);
    }
    versions.sort(OLDEST_FIRST);
    return versions;
  }

  Optional<AdapterVersion> read(String target, String version) {
    Path dir = layout.version(target, version);
    try (InputStream in = Files.newInputStream(dir.resolve(AdapterFiles.MANIFEST))) {
      byte[] bytes = in.readNBytes(AdapterVerifier.DEFAULT_MAX_MANIFEST_BYTES + 1);
      if (bytes.length > AdapterVerifier.DEFAULT_MAX_MANIFEST_BYTES) {
        throw new IOException("manifest too large");
      }
      AdapterManifest manifest = ManifestJson.read(bytes);
      return Optional.of(
          new AdapterVersion(target, version, dir.toUri(), Sha256.hex(bytes), manifest));
    } catch (NoSuchFileException e) {
      return Optional.empty(); // retired meanwhile, or not a version
    } catch (IOException | RuntimeException e) {
      LOG.warn("Skipping {}/{}: its manifest cannot be read ({})", target, version, e.toString());
      return Optional.empty();
    }
  }

  Optional<ActivePointer> pointer(String target) throws AdapterStoreException {
    Path file = layout.pointer(target);
    try {
      return Optional.of(ActivePointer.fromJson(Files.readAllBytes(file)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      throw new AdapterStoreException(
          "the active pointer " + file + " of target '" + target + "' is unreadable: " + e, e);
    }
  }

  /** An ACTIVE event per target with a readable active version; unreadable ones are logged. */
  List<ReleaseEvent> activeReleases() throws IOException {
    List<ReleaseEvent> events = new ArrayList<>();
    for (String target : targets()) {
      try {
        Optional<ActivePointer> pointer = pointer(target);
        if (pointer.isEmpty()) {
          continue;
        }
        ActivePointer.Entry active = pointer.get().active();
        Optional<AdapterVersion> version = read(target, active.version());
        if (version.isEmpty()) {
          LOG.warn("Active version {}/{} is unreadable; not announced", target, active.version());
          continue;
        }
        events.add(
            ReleaseEvents.of(
                version.get().manifest(),
                ReleaseStage.ACTIVE,
                version.get().location(),
                active.manifestSha256(),
                pointer.get().reason(),
                pointer.get().updatedAt()));
      } catch (AdapterStoreException e) {
        LOG.warn("Target {} skipped: {}", target, e.getMessage());
      }
    }
    return events;
  }

  private static List<String> safeNames(Path dir) throws IOException {
    List<String> names = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return names;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, Files::isDirectory)) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        if (PathSegments.isSafe(name)) {
          names.add(name);
        }
      }
    }
    names.sort(null);
    return names;
  }
}
