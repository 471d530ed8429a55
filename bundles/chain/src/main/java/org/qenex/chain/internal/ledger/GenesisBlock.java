package org.qenex.chain.internal.ledger;

import java.util.List;

import org.qenex.chain.internal.block.Block;
import org.qenex.chain.internal.block.BlockCodec;
import org.qenex.chain.internal.block.BlockHeader;
import org.qenex.chain.internal.consensus.ChainParameters;
import org.qenex.chain.internal.state.ChainState;

/**
 * Block 0: no transactions, no mints, nothing minted; its previous hash is the hash of the
 * parameters, so two chains with different parameters never share a block. Not signed.
 */
public final class GenesisBlock {

    private GenesisBlock() {
    }

    public static Block of(ChainParameters params) {
        BlockHeader header = new BlockHeader(params.chainId(), 0, params.hash(), params.genesisTimeMillis(), new byte[32],
                new byte[32], new ChainState().commitment(), new byte[32], 0, 0);
        return BlockCodec.seal(header, null, List.of(), List.of());
    }
}
