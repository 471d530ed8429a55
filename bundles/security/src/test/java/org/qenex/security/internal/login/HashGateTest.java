package org.qenex.security.internal.login;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Duration;

import org.junit.Test;

public class HashGateTest {

    @Test
    public void admitsUpToItsPermitsAndTurnsTheRestAwayWhenNoOneMayWait() throws Exception {
        HashGate gate = new HashGate(2, 0, Duration.ofSeconds(10));
        assertTrue(gate.enter());
        assertTrue(gate.enter());
        long start = System.nanoTime();
        assertFalse(gate.enter());
        assertTrue("refused at once, not after the wait", System.nanoTime() - start < Duration.ofSeconds(5).toNanos());

        gate.exit();
        assertTrue(gate.enter());
        gate.exit();
        gate.exit();
        assertEquals(2, gate.available());
    }

    @Test
    public void aWaiterGivesUpAfterItsWait() throws Exception {
        HashGate gate = new HashGate(1, 1, Duration.ZERO);
        assertTrue(gate.enter());
        assertFalse(gate.enter());
        gate.exit();
        assertEquals(1, gate.available());
    }
}
