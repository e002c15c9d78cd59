package io.promptstream.runtime.adapter;

/**
 * A snapshot of a {@link HeadCache}'s counters.
 *
 * @param hits acquisitions served by a resident head
 * @param misses acquisitions that found no resident head (including those that waited for another
 *     caller's load of the same head)
 * @param loads loader calls that succeeded
 * @param loadFailures loader calls that failed, and loaded heads that did not fit
 * @param evictions heads removed to make room
 * @param loadTimeNanos total time spent in successful loader calls
 * @param residentHeads heads in the cache
 * @param residentBytes bytes of the heads in the cache, plus heads removed while still in use
 * @param maxBytes the bound {@code residentBytes} never exceeds
 */
public record HeadCacheStats(
    long hits,
    long misses,
    long loads,
    long loadFailures,
    long evictions,
    long loadTimeNanos,
    int residentHeads,
    long residentBytes,
    long maxBytes) {}
