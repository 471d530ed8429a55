package org.qenex.api.improvement;

import static org.junit.Assert.assertEquals;

import java.util.List;

import org.junit.Test;

/** The default cursor of {@link ImprovementSource#acceptedProofsAfter}: what a source that only lists every proof answers. */
public class ImprovementSourceTest {

    private static ImprovementProof proof(String tag) {
        return new ImprovementProof(tag.repeat(64), "0".repeat(64), "{}",
                List.of(new TaskScore("task", "1", "c".repeat(64), 500_000, 600_000)), "qx1contributor", 1L,
                "f".repeat(64), "{}", "", "");
    }

    private final List<ImprovementProof> accepted = List.of(proof("a"), proof("b"), proof("d"));

    private final ImprovementSource source = new ImprovementSource() {
        @Override
        public List<ImprovementProof> acceptedProofs() {
            return accepted;
        }

        @Override
        public void requestWork(String contributor) {
        }
    };

    @Test
    public void theProofsAfterTheCursor() {
        assertEquals(accepted.subList(1, 3), source.acceptedProofsAfter(accepted.get(0).id()));
        assertEquals(List.of(), source.acceptedProofsAfter(accepted.get(2).id()));
    }

    @Test
    public void everyProofWithoutACursorOrForOneTheSourceDoesNotKnow() {
        assertEquals(accepted, source.acceptedProofsAfter(null));
        assertEquals("a stale cursor hides nothing", accepted, source.acceptedProofsAfter(proof("e").id()));
    }
}
