package io.promptstream.adapters.internal;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A target's active version and the versions that were active before it (newest first), which roll
 * back restores. Stored as {@code active.json}; each entry keeps the sha256 of the manifest that
 * was verified when it became active, so a manifest edited afterwards is refused on load.
 *
 * @param schemaVersion format version
 * @param active the version to serve
 * @param previous earlier active versions, newest first
 * @param updatedAt when the pointer last changed
 * @param reason why it last changed, or {@code null}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ActivePointer(
    int schemaVersion, Entry active, List<Entry> previous, Instant updatedAt, String reason) {

  /** The format written by this code. */
  public static final int CURRENT_SCHEMA_VERSION = 1;

  /**
   * One version in the pointer.
   *
   * @param version the version
   * @param manifestSha256 sha256 of its manifest when it was verified
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Entry(String version, String manifestSha256) {

    /** Creates an entry. */
    public Entry {
      PathSegments.requireSafe(version, "version");
      if (!Sha256.isHex(manifestSha256)) {
        throw new IllegalArgumentException("manifestSha256 must be a lowercase sha256 hex");
      }
    }
  }

  /** Creates a pointer; {@code previous} is copied, {@code null} read as empty. */
  public ActivePointer {
    Objects.requireNonNull(active, "active");
    Objects.requireNonNull(updatedAt, "updatedAt");
    previous = previous == null ? List.of() : List.copyOf(previous);
  }

  /**
   * The pointer after {@code next} becomes active: the current version goes to the front of the
   * history, {@code next} leaves it, and the history keeps at most {@code depth} entries.
   */
  public ActivePointer activate(Entry next, int depth, Instant now, String why) {
    List<Entry> history = new ArrayList<>();
    if (!active.version().equals(next.version())) {
      history.add(active);
    }
    for (Entry e : previous) {
      if (!e.version().equals(next.version()) && !e.version().equals(active.version())) {
        history.add(e);
      }
    }
    return new ActivePointer(CURRENT_SCHEMA_VERSION, next, trim(history, depth), now, why);
  }

  /**
   * The pointer after rolling back to {@code target}: the current version is dropped (it is the one
   * withdrawn) and {@code target} leaves the history.
   */
  public ActivePointer rollBackTo(Entry target, Instant now, String why) {
    List<Entry> history = new ArrayList<>();
    for (Entry e : previous) {
      if (!e.version().equals(target.version())) {
        history.add(e);
      }
    }
    return new ActivePointer(CURRENT_SCHEMA_VERSION, target, history, now, why);
  }

  /** The pointer's JSON. */
  public byte[] toJson() {
    try {
      return Json.mapper().writeValueAsBytes(this);
    } catch (IOException e) {
      throw new IllegalStateException("cannot serialise the active pointer", e);
    }
  }

  /**
   * Parses a pointer.
   *
   * @throws IOException when the bytes are not a valid pointer
   */
  public static ActivePointer fromJson(byte[] json) throws IOException {
    ActivePointer pointer = Json.mapper().readValue(json, ActivePointer.class);
    if (pointer == null) {
      throw new IOException("active pointer is JSON null");
    }
    return pointer;
  }

  private static List<Entry> trim(List<Entry> history, int depth) {
    return history.size() <= depth ? history : history.subList(0, depth);
  }
}
