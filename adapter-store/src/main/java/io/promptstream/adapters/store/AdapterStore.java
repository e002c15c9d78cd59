package io.promptstream.adapters.store;

import io.promptstream.adapters.release.ReleaseAnnouncementException;
import io.promptstream.adapters.release.ReleaseEvent;
import io.promptstream.adapters.verify.AdapterExpectations;
import io.promptstream.adapters.verify.AdapterVerificationException;
import io.promptstream.adapters.verify.VerifiedAdapter;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Versioned adapter heads per target LLM: immutable versions, one active pointer per target with a
 * short history for roll back, and retention of recent versions.
 *
 * <p>Guarantees every implementation gives:
 *
 * <ul>
 *   <li>A version, once listed, never changes and is never replaced; a half-published version is
 *       never listed.
 *   <li>Nothing is handed out for loading, and no version becomes active, before it passes {@link
 *       io.promptstream.adapters.verify.AdapterVerifier} against the caller's trunk. A refused
 *       version leaves the active pointer as it was.
 *   <li>The active version, the versions roll back can restore, and the active version's parent are
 *       never deleted by retention.
 *   <li>Release events go to the store's listener after each change is durable, in the order of the
 *       changes of a target. The store's state is the source of truth: if the listener fails, the
 *       change stands and the operation throws {@link ReleaseAnnouncementException} with the events
 *       to retry; {@link #activeReleases()} re-derives the serving state at any time.
 * </ul>
 *
 * <p>Target and version names are safe path segments (letters, digits, {@code . _ -}, starting with
 * a letter or digit); any other name fails with {@link IllegalArgumentException} naming the
 * parameter. Reads never block on writers.
 */
public interface AdapterStore {

  /**
   * Publishes a new version: copies the weights, records their sha256 in a manifest, verifies the
   * result against the draft's own fingerprint and head shape, and makes it visible atomically. The
   * version does not become active. Afterwards the target's retention is applied. Announces {@code
   * RETIRED} for versions retention deleted, then {@code CANARY} for the new one.
   *
   * @return the published version
   * @throws AdapterVersionExistsException when the draft names an existing version; nothing changes
   * @throws AdapterVerificationException when the weights do not fit the declared head; nothing is
   *     published
   * @throws ReleaseAnnouncementException when the version is published but the listener failed
   */
  AdapterVersion publish(AdapterDraft draft) throws IOException;

  /** The targets that have at least one stored version or an active pointer, in name order. */
  List<String> targets() throws IOException;

  /**
   * A target's versions, oldest first (by creation time, then name). Versions whose manifest cannot
   * be read are left out (they could never be loaded); an unknown target has none.
   */
  List<AdapterVersion> list(String targetLlm) throws IOException;

  /** One version, or empty when it is not stored (or its manifest cannot be read). */
  Optional<AdapterVersion> get(String targetLlm, String version) throws IOException;

  /** The most recently published version, active or not; empty when the target has none. */
  Optional<AdapterVersion> latest(String targetLlm) throws IOException;

  /**
   * The active version as listed (not verified); empty before the first promotion.
   *
   * @throws AdapterStoreException when the active pointer is unreadable
   */
  Optional<AdapterVersion> active(String targetLlm) throws IOException;

  /**
   * Verifies a stored version for loading.
   *
   * @param expected the running trunk (target and version are set by the store)
   * @throws AdapterVerificationException when any check fails; do not load it
   */
  VerifiedAdapter load(String targetLlm, String version, AdapterExpectations expected)
      throws IOException;

  /**
   * Verifies the active version for loading, including that its manifest is the one verified when
   * it was promoted. The pointer is never changed by this call.
   *
   * @param expected the running trunk (target and version are set by the store)
   * @return the verified active version; empty before the first promotion
   * @throws AdapterVerificationException when any check fails: keep serving what was loaded before
   * @throws AdapterStoreException when the active pointer is unreadable
   */
  Optional<VerifiedAdapter> loadActive(String targetLlm, AdapterExpectations expected)
      throws IOException;

  /**
   * Makes a version active after verifying it; the version active before goes to the front of the
   * roll-back history. Promoting the active version again re-verifies and re-announces it and
   * changes nothing else, so a failed announcement can be retried by promoting again. Applies
   * retention, then announces {@code RETIRED} events and finally {@code ACTIVE}.
   *
   * @param reason an operator's note carried in the pointer and the event, or {@code null}
   * @throws NoSuchAdapterVersionException when the version is not stored
   * @throws AdapterVerificationException when the version fails verification; the pointer is
   *     unchanged
   * @throws ReleaseAnnouncementException when the version is active but the listener failed
   */
  VerifiedAdapter promote(
      String targetLlm, String version, AdapterExpectations expected, String reason)
      throws IOException;

  /**
   * Restores the previously active version after verifying it. The withdrawn version does not enter
   * the history. Announces {@code ROLLED_BACK} for the withdrawn version, then {@code ACTIVE} for
   * the restored one.
   *
   * @throws NoSuchAdapterVersionException when there is no previous active version
   * @throws AdapterVerificationException when the previous version fails verification; the pointer
   *     is unchanged (roll back to a named version instead)
   * @throws ReleaseAnnouncementException when the roll back is done but the listener failed
   */
  VerifiedAdapter rollback(String targetLlm, AdapterExpectations expected, String reason)
      throws IOException;

  /**
   * Makes a named, stored version active in place of the current one, which is withdrawn (it does
   * not enter the history). Events as for {@link #rollback}.
   *
   * @throws NoSuchAdapterVersionException when the version is not stored or nothing is active
   * @throws IllegalArgumentException when the version is already active
   * @throws AdapterVerificationException when the version fails verification; the pointer is
   *     unchanged
   * @throws ReleaseAnnouncementException when the roll back is done but the listener failed
   */
  VerifiedAdapter rollbackTo(
      String targetLlm, String version, AdapterExpectations expected, String reason)
      throws IOException;

  /**
   * Withdraws a candidate that lost its canary: announces {@code ROLLED_BACK} for it, so gateways
   * stop routing canary traffic to it. The active pointer and the stored version are unchanged (an
   * operator can still promote it by name).
   *
   * @throws NoSuchAdapterVersionException when the version is not stored
   * @throws IllegalArgumentException when the version is active (use {@link #rollback} instead)
   * @throws ReleaseAnnouncementException when the listener failed
   */
  void withdraw(String targetLlm, String version, String reason) throws IOException;

  /**
   * Deletes versions beyond the retention limit, oldest first, sparing the protected ones (see the
   * class comment). Announces {@code RETIRED} for each.
   *
   * @return the deleted versions, oldest first
   * @throws ReleaseAnnouncementException when versions were deleted but the listener failed
   */
  List<String> applyRetention(String targetLlm) throws IOException;

  /**
   * An {@code ACTIVE} event for every target's active version, as of now: what a release topic
   * should hold. Use it to re-announce after a listener failure or at start-up.
   */
  List<ReleaseEvent> activeReleases() throws IOException;
}
