package org.qenex.security.internal.intrusion;

/**
 * What a rule or the anomaly model found.
 *
 * @param rule which one: {@code brute-force}, {@code brute-force-user}, {@code scan}, {@code flood},
 *        {@code garbage}, {@code anomaly}
 * @param subject the address (or for {@code brute-force-user}, the user) it is about
 * @param cause what was seen, for people
 * @param blocks whether the rule asks for the address to be blocked
 */
public record Detection(String rule, String subject, String cause, boolean blocks) {
}
