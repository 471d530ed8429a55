package org.qenex.chain.internal.exchange;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

/** An idle relay sleeps until an event comes or it is closed: no periodic wake-up. */
public class ExchangeRelayTest {

    @Test
    public void anIdleRelayWaitsWithoutATimeoutAndCloseEndsIt() throws Exception {
        ExchangeRelay relay = new ExchangeRelay(16);
        long until = System.nanoTime() + 5_000_000_000L;
        while (relay.threadState() != Thread.State.WAITING && System.nanoTime() < until) {
            Thread.sleep(5);
        }
        assertEquals("parked until an event comes, not polling with a timeout", Thread.State.WAITING, relay.threadState());
        relay.close();
        assertEquals("close() ends the thread", Thread.State.TERMINATED, relay.threadState());
    }
}
