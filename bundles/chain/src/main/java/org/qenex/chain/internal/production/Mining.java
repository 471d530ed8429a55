package org.qenex.chain.internal.production;

/** Starts and stops block production and improvement mining (what {@code qenex:mine} drives). */
public interface Mining {

    /**
     * Starts producing a block every interval and asks the improver to search for improvements on
     * behalf of {@code contributor} (an address; may be {@code null} to keep the configured one).
     */
    MiningStatus start(String contributor);

    MiningStatus stop();

    MiningStatus status();
}
