package org.qenex.network.internal.peer;

import org.qenex.api.chain.ChainView;

/** A chain that never moves: enough for the handshake, which only reads its id, genesis and head. */
record FixedChain(String chainId, String genesisHash, long height, String headHash) implements ChainView {

    static FixedChain of(String chainId, char genesisDigit) {
        return new FixedChain(chainId, String.valueOf(genesisDigit).repeat(64), 7, "e".repeat(64));
    }

    @Override
    public long mintedUnits() {
        return 0;
    }

    @Override
    public long maxSupplyUnits() {
        return 0;
    }

    @Override
    public int pendingTransactions() {
        return 0;
    }

    @Override
    public long balanceUnits(String address) {
        return 0;
    }
}
