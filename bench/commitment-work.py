#!/usr/bin/env python3
"""The work a block's state commitment cannot avoid, counted on random keys (issue 14's flatness).

For a block that changes K accounts (half of them existing, half new) in a ledger of N accounts,
counts the internal nodes of the compact sparse Merkle tree (docs/chain-format.md, "State
commitment") that must be hashed again: every node on the changed accounts' paths, each counted
once. Any binary Merkle tree with a proof per account has to rehash at least these; the figure
grows with log2(N/K), so the commitment of a fixed block cannot stay flat from a thousand to a
million accounts. Also counts the distinct leaves of a B-tree holding the accounts (FANOUT keys a
leaf, random keys, as the store's accounts map) that the block's K writes touch: what a store
that rewrites whole leaves writes.

Usage: bench/commitment-work.py [N,N,...] [K] [FANOUT]    (default 18000,114000,1014000 6000 32)
Keys are 64 random bits (ample below 2^32 accounts); the seed is fixed, so runs repeat.
"""
import random
import sys


def lcp(a, b):
    return 64 - (a ^ b).bit_length()


def block_work(n, k, fanout, seed=1):
    rnd = random.Random(seed)
    existing = [rnd.getrandbits(64) for _ in range(n)]
    new = [rnd.getrandbits(64) for _ in range(k // 2)]
    changed = set(rnd.sample(existing, min(n, k - k // 2))) | set(new)
    after = sorted(existing + new)
    # a key's internal nodes are its prefixes up to one past its longest common prefix with a neighbour
    nodes = set()
    for i, key in enumerate(after):
        if key not in changed:
            continue
        depth = max(lcp(key, after[i - 1]) if i > 0 else 0, lcp(key, after[i + 1]) if i + 1 < len(after) else 0)
        for d in range(depth + 1):
            nodes.add((d, key >> (64 - d) if d else 0))
    # B-tree leaves: the sorted keys in runs of FANOUT (a full tree; a real one is 50-100 % full)
    position = {key: i for i, key in enumerate(after)}
    leaves = {position[key] // fanout for key in changed}
    return len(nodes), len(leaves)


def main():
    sizes = [int(x) for x in (sys.argv[1] if len(sys.argv) > 1 else "18000,114000,1014000").split(",")]
    k = int(sys.argv[2]) if len(sys.argv) > 2 else 6000
    fanout = int(sys.argv[3]) if len(sys.argv) > 3 else 32
    print(f"block of {k} changed accounts ({k // 2} new); B-tree leaves of {fanout} keys")
    print(f"{'accounts':>10} {'tree nodes rehashed':>20} {'per change':>11} {'B-tree leaves touched':>22} {'per change':>11}")
    for n in sizes:
        nodes, leaves = block_work(n, k, fanout)
        print(f"{n:>10} {nodes:>20} {nodes / k:>11.2f} {leaves:>22} {leaves / k:>11.2f}")


if __name__ == "__main__":
    main()
