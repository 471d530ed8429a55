package org.qenex.ai.internal.node;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.Optional;

import org.junit.Test;
import org.qenex.api.improvement.VerificationResult;

public class VerdictCacheTest {

    @Test
    public void theLeastRecentlyAskedVerdictGoesFirst() {
        VerdictCache cache = new VerdictCache();
        VerificationResult valid = VerificationResult.valid("reproduced");
        cache.put("oldest", valid);
        cache.put("second", VerificationResult.invalid("no"));
        assertEquals(Optional.of(valid), cache.get("oldest")); // asked again: now the most recent
        for (int i = 0; i < VerdictCache.REMEMBERED - 1; i++) {
            cache.put("proof" + i, valid);
        }
        assertTrue("the most recently asked stays", cache.get("oldest").isPresent());
        assertTrue("the least recently asked went", cache.get("second").isEmpty());
    }
}
