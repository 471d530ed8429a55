package org.qenex.chain.internal.tx;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class ChainIdTest {

    @Test
    public void acceptsOneToThirtyTwoLowerCaseLettersDigitsAndDashes() {
        assertTrue(ChainId.isValid("qenex-main-1"));
        assertTrue(ChainId.isValid("a"));
        assertTrue(ChainId.isValid("-"));
        assertTrue(ChainId.isValid("z".repeat(ChainId.MAX_LENGTH)));
    }

    @Test
    public void refusesEverythingElse() {
        assertFalse(ChainId.isValid(null));
        assertFalse(ChainId.isValid(""));
        assertFalse(ChainId.isValid("z".repeat(ChainId.MAX_LENGTH + 1)));
        for (String bad : new String[] {"Qenex", "qenex_main", "qenex main", "qenex.main", "qenex/", "qénex", "qenex\n", "`", "{", "@", "[", ":"}) {
            assertFalse(bad, ChainId.isValid(bad));
        }
    }
}
