package org.qenex.ai.internal.version;

/**
 * The outcome of walking the version chain.
 *
 * @param intact whether every version checked out
 * @param versions how many versions were walked
 * @param brokenAt the sequence of the first broken version, or 0 when intact
 * @param problem what is wrong with it, empty when intact
 */
public record ChainCheck(boolean intact, long versions, long brokenAt, String problem) {
}
