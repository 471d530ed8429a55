package org.qenex.chain.internal.production;

/**
 * Starts and stops improvement mining (what {@code qenex:mine} drives), and tells what the node's
 * block production did. Production itself needs no switch: a validator produces its turns.
 */
public interface Mining {

    /**
     * Asks the improver to search for improvements on behalf of {@code contributor} (an address;
     * may be {@code null} to keep the configured one), and remembers that mining is on.
     */
    MiningStatus start(String contributor);

    MiningStatus stop();

    MiningStatus status();
}
