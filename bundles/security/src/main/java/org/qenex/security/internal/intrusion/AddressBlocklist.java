package org.qenex.security.internal.intrusion;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Addresses refused until a time. Read on every request, so lookups take no lock. */
final class AddressBlocklist {

    record Block(String address, long until, String reason) {
        Instant untilInstant() {
            return Instant.ofEpochMilli(until);
        }
    }

    private final Map<String, Block> blocks = new ConcurrentHashMap<>();
    private final int maxBlocked;

    AddressBlocklist(int maxBlocked) {
        this.maxBlocked = maxBlocked;
    }

    boolean isBlocked(String address, long now) {
        Block block = blocks.get(address);
        if (block == null) {
            return false;
        }
        if (block.until() > now) {
            return true;
        }
        blocks.remove(address, block);
        return false;
    }

    /** Blocks (or extends the block of) {@code address}; false when the list is full. */
    boolean block(String address, long until, String reason) {
        if (blocks.size() >= maxBlocked && !blocks.containsKey(address)) {
            return false;
        }
        blocks.merge(address, new Block(address, until, reason),
                (old, fresh) -> fresh.until() > old.until() ? fresh : old);
        return true;
    }

    boolean unblock(String address) {
        return blocks.remove(address) != null;
    }

    List<Block> active(long now) {
        List<Block> active = new ArrayList<>();
        for (Block block : blocks.values()) {
            if (block.until() > now) {
                active.add(block);
            } else {
                blocks.remove(block.address(), block);
            }
        }
        active.sort((a, b) -> Long.compare(a.until(), b.until()));
        return active;
    }
}
