package org.qenex.network.internal.peer;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.qenex.network.internal.wire.HostPort;

public class AddressBookTest {

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private static final HostPort SEED = new HostPort("10.0.0.1", 8333);
    private static final HostPort LEARNED = new HostPort("10.0.0.2", 8333);

    @Test
    public void seedsComeFirstAndFailuresBackOffExponentially() throws Exception {
        Path folder = temp.newFolder().toPath();
        AddressBook book = AddressBook.open(folder, List.of(SEED));
        book.learn(LEARNED);
        assertEquals(List.of(SEED, LEARNED), book.candidates(0, Set.of(), 10));
        book.failed(SEED, 1_000);
        assertEquals(List.of(LEARNED), book.candidates(1_999, Set.of(), 10));
        assertEquals(SEED, book.candidates(2_000, Set.of(), 10).get(0));
        book.failed(SEED, 2_000);
        book.failed(SEED, 4_000);
        assertTrue("third failure: 4 s", book.candidates(7_999, Set.of(), 10).stream().noneMatch(SEED::equals));
        assertTrue(book.candidates(8_000, Set.of(), 10).contains(SEED));
        for (int i = 0; i < 30; i++) {
            book.failed(SEED, 0);
        }
        assertEquals("capped at 5 min", AddressBook.MAX_BACKOFF_MILLIS, book.list().get(0).nextAttemptMillis());
    }

    @Test
    public void anUnverifiedLearnedAddressIsDroppedAfterThreeFailures() throws Exception {
        AddressBook book = AddressBook.open(temp.newFolder().toPath(), List.of());
        book.learn(LEARNED);
        book.failed(LEARNED, 0);
        book.failed(LEARNED, 0);
        assertTrue(book.contains(LEARNED));
        book.failed(LEARNED, 0);
        assertFalse(book.contains(LEARNED));
    }

    @Test
    public void onlyVerifiedAddressesArePassedOnAndAllSurviveAReopen() throws Exception {
        Path folder = temp.newFolder().toPath();
        AddressBook book = AddressBook.open(folder, List.of(SEED));
        book.learn(LEARNED);
        HostPort manual = new HostPort("node.example.org", 9000);
        book.addManual(manual);
        book.connected(manual, 5);
        assertEquals(List.of(manual), book.verified(10));
        book.saveIfChanged();

        AddressBook again = AddressBook.open(folder, List.of());
        assertTrue(again.contains(LEARNED));
        assertTrue(again.contains(manual));
        assertFalse("an unverified seed no longer configured is dropped", again.contains(SEED));
        assertEquals(List.of(manual), again.verified(10));
    }
}
