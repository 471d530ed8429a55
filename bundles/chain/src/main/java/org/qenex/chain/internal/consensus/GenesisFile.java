package org.qenex.chain.internal.consensus;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The genesis file: JSON with one field per {@link ChainParameters} component, amounts in base
 * units. Fields left out take the defaults of {@link ChainParameters#defaults}; chainId,
 * genesisTimeMillis and validators are required.
 */
public final class GenesisFile {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private GenesisFile() {
    }

    public static ChainParameters read(Path file) throws IOException {
        return parse(JSON.readTree(file.toFile()));
    }

    public static ChainParameters parse(JsonNode n) {
        if (!n.hasNonNull("chainId") || !n.hasNonNull("genesisTimeMillis") || !n.has("validators")) {
            throw new IllegalArgumentException("a genesis file needs chainId, genesisTimeMillis and validators");
        }
        List<String> validators = new ArrayList<>();
        n.get("validators").forEach(v -> validators.add(v.asText()));
        ChainParameters d = ChainParameters.defaults(n.get("chainId").asText(), n.get("genesisTimeMillis").asLong(), validators);
        return new ChainParameters(d.chainId(), d.genesisTimeMillis(), d.validators(),
                n.path("blockIntervalMillis").asLong(d.blockIntervalMillis()),
                n.path("maxBlockBytes").asInt(d.maxBlockBytes()),
                n.path("maxTransactionBytes").asInt(d.maxTransactionBytes()),
                n.path("minFee").asLong(d.minFee()),
                n.path("finalityDepth").asInt(d.finalityDepth()),
                n.path("maxFutureDriftMillis").asLong(d.maxFutureDriftMillis()),
                n.path("baseReward").asLong(d.baseReward()),
                n.path("maxSupply").asLong(d.maxSupply()),
                n.path("parentShareBasisPoints").asInt(d.parentShareBasisPoints()),
                n.path("fullRewardGainPpm").asLong(d.fullRewardGainPpm()),
                n.path("minGainPpm").asLong(d.minGainPpm()));
    }

    public static Map<String, Object> toJson(ChainParameters p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("chainId", p.chainId());
        m.put("genesisTimeMillis", p.genesisTimeMillis());
        m.put("validators", p.validators());
        m.put("blockIntervalMillis", p.blockIntervalMillis());
        m.put("maxBlockBytes", p.maxBlockBytes());
        m.put("maxTransactionBytes", p.maxTransactionBytes());
        m.put("minFee", p.minFee());
        m.put("finalityDepth", p.finalityDepth());
        m.put("maxFutureDriftMillis", p.maxFutureDriftMillis());
        m.put("baseReward", p.baseReward());
        m.put("maxSupply", p.maxSupply());
        m.put("parentShareBasisPoints", p.parentShareBasisPoints());
        m.put("fullRewardGainPpm", p.fullRewardGainPpm());
        m.put("minGainPpm", p.minGainPpm());
        return m;
    }

    /**
     * The parameters of a new network: the defaults but for the chain id, the validators (hex
     * public keys, each checked) and the block interval.
     *
     * @throws IllegalArgumentException with a one-line reason for a bad chain id, key or interval
     */
    public static ChainParameters forNetwork(String chainId, List<String> validatorKeys, long blockIntervalMillis,
            long genesisTimeMillis) {
        List<String> keys = new ArrayList<>();
        for (String key : validatorKeys) {
            String k = key.strip().toLowerCase(java.util.Locale.ROOT);
            if (!k.matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException("not a validator key (64 hex digits, as qenex:chain validator-key prints): " + key);
            }
            keys.add(k);
        }
        return ChainParameters.withInterval(chainId, genesisTimeMillis, keys, blockIntervalMillis);
    }

    /** Writes the file atomically (a temporary file moved over it). */
    public static void write(Path file, ChainParameters params) throws IOException {
        Path folder = file.toAbsolutePath().getParent();
        Files.createDirectories(folder);
        // a new file of its own beside the target: never one that happens to be named like it
        Path tmp = Files.createTempFile(folder, ".genesis", ".tmp");
        try {
            JSON.writeValue(tmp.toFile(), toJson(params));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
