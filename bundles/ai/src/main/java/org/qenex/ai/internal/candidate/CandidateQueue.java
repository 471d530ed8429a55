package org.qenex.ai.internal.candidate;

import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Who may queue a candidate, and which waiting candidate is judged next. Admission: at most
 * {@code maxQueued} waiting in all and {@code maxQueuedPerUser} per user, and an authenticated user
 * submits at most {@code perUserPerHour} and one contributor is named at most
 * {@code perContributorPerHour} times in any hour (so neither a fresh contributor string nor another
 * account gives a fresh quota). Turns: users alternate, the one served longest ago first, each with
 * its oldest candidate; an equal specification submitted earlier by anyone goes before it.
 */
public final class CandidateQueue {

    private final int maxQueued;
    private final int maxQueuedPerUser;
    private final SubmissionRateLimit perUser;
    private final SubmissionRateLimit perContributor;
    private final Map<String, Long> lastServed = new HashMap<>();
    private long served;

    public CandidateQueue(int maxQueued, int maxQueuedPerUser, int perUserPerHour, int perContributorPerHour) {
        this.maxQueued = maxQueued;
        this.maxQueuedPerUser = maxQueuedPerUser;
        long hour = Duration.ofHours(1).toMillis();
        this.perUser = new SubmissionRateLimit(perUserPerHour, hour);
        this.perContributor = new SubmissionRateLimit(perContributorPerHour, hour);
    }

    /**
     * Counts a submission against the limits, or throws counting nothing.
     *
     * @param waiting the candidates waiting now
     * @throws RateLimitedException naming the limit that was reached
     */
    public synchronized void admit(Submitter submitter, String contributor, List<CandidateRecord> waiting, long nowMillis) {
        if (waiting.size() >= maxQueued) {
            throw new RateLimitedException(waiting.size() + " candidates are waiting already; try again later");
        }
        if (!submitter.limited()) {
            return;
        }
        long mine = waiting.stream().filter(c -> c.submitter().equals(submitter.user())).count();
        if (mine >= maxQueuedPerUser) {
            throw new RateLimitedException("user " + submitter.user() + " has " + mine
                    + " candidates waiting already, the most one user may; try again once they are judged");
        }
        perUser.check(submitter.user(), nowMillis);
        perContributor.check(contributor, nowMillis);
        perUser.acquire(submitter.user(), nowMillis);
        perContributor.acquire(contributor, nowMillis);
    }

    /**
     * Counts the submissions of the last hour among {@code history} (the candidate book), so that a
     * restart gives no user or contributor a fresh quota. The node's own are not counted, as
     * {@link #admit} does not count them; nor are records written before submitters were kept.
     */
    public synchronized void remember(List<CandidateRecord> history, long nowMillis) {
        long since = nowMillis - Duration.ofHours(1).toMillis();
        history.stream()
                .filter(c -> c.submittedAtMillis() > since && !c.submitter().isEmpty() && !c.submitter().equals(Submitter.NODE))
                .sorted(Comparator.comparingLong(CandidateRecord::submittedAtMillis))
                .forEach(c -> {
                    perUser.remember(c.submitter(), c.submittedAtMillis());
                    perContributor.remember(c.contributor(), c.submittedAtMillis());
                });
    }

    /** The candidate to judge next among {@code waiting}, and the turn is taken. */
    public synchronized Optional<CandidateRecord> next(List<CandidateRecord> waiting) {
        Optional<CandidateRecord> turn = waiting.stream()
                .min(Comparator.comparingLong((CandidateRecord c) -> lastServed.getOrDefault(c.submitter(), 0L))
                        .thenComparing(CandidateRecord::id));
        if (turn.isEmpty()) {
            return turn;
        }
        lastServed.put(turn.get().submitter(), ++served);
        // Copying a waiting candidate gains nothing: the earliest of equal specifications goes first.
        return waiting.stream().filter(c -> c.specification().equals(turn.get().specification()))
                .min(Comparator.comparing(CandidateRecord::id));
    }
}
