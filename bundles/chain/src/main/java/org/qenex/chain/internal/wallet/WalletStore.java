package org.qenex.chain.internal.wallet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.qenex.api.node.NodeContext;
import org.qenex.chain.internal.crypto.KeyPair;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The node's wallets: one JSON key file per wallet, {@code <dir>/<name>.json}, readable by the
 * node's user only, holding the public key, address and the private key sealed by
 * {@link KeyEncryption}. A private key is decrypted only inside {@link #withKey}, for the length of
 * one signing, and wiped after. The wallets' configuration is its own: where the files are and how
 * hard their passphrases are to guess at.
 */
@Component(service = WalletStore.class, configurationPid = "org.qenex.chain.wallets")
@Designate(ocd = WalletConfiguration.class)
public final class WalletStore {

    public static final String NAME_PATTERN = "[a-z0-9][a-z0-9_-]{0,31}";
    public static final int MIN_PASSPHRASE = 8;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * scrypt at the default cost holds 32 MiB while it runs, whatever the passphrase: with no bound,
     * 24 parallel unlocks (wrong passphrases will do) exhausted the node's 512 MB heap and the JVM
     * exited. A few at a time; the others wait their turn, fairly, for at most {@value #STRETCH_WAIT_SECONDS} s.
     */
    static final int CONCURRENT_STRETCHES = 2;
    static final long STRETCH_WAIT_SECONDS = 30;

    private final Path dir;
    private final int cost;
    private final SecureRandom random;
    private final Semaphore stretches = new Semaphore(CONCURRENT_STRETCHES, true);

    /** The component: {@code ${karaf.data}/qenex/chain/wallets} unless configured elsewhere. */
    @Activate
    public WalletStore(@Reference NodeContext context, WalletConfiguration config) {
        this(config.directory().isBlank() ? context.dataFolder().resolve("wallets") : Path.of(config.directory()),
                Integer.highestOneBit(Math.max(1024, config.scryptCost())), new SecureRandom());
    }

    public WalletStore(Path dir, int cost, SecureRandom random) {
        this.dir = dir;
        this.cost = cost;
        this.random = random;
    }

    /** What a signer does with an unlocked key. */
    @FunctionalInterface
    public interface KeyUse<T> {
        T apply(KeyPair key) throws Exception;
    }

    public synchronized WalletInfo create(String name, char[] passphrase) throws IOException {
        if (name == null || !name.matches(NAME_PATTERN)) {
            throw new IllegalArgumentException("a wallet name is 1 to 32 characters [a-z0-9_-], starting with a letter or digit");
        }
        if (passphrase.length < MIN_PASSPHRASE) {
            throw new IllegalArgumentException("a passphrase has at least " + MIN_PASSPHRASE + " characters");
        }
        Path file = file(name);
        if (Files.exists(file)) {
            throw new FileAlreadyExistsException("wallet " + name + " exists");
        }
        KeyPair key = KeyPair.generate(random);
        byte[] privateKey = key.privateKeyCopy();
        try {
            long created = System.currentTimeMillis();
            KeyEncryption.Sealed sealed = stretching(() -> KeyEncryption.seal(privateKey, passphrase,
                    associatedData(name, key.address()), cost, random));
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("format", "qenex-wallet-1");
            json.put("name", name);
            json.put("address", key.address());
            json.put("publicKey", HexFormat.of().formatHex(key.publicKey()));
            json.put("createdMillis", created);
            json.put("kdf", Map.of("algorithm", "scrypt", "n", sealed.cost(), "r", 8, "p", 1,
                    "salt", HexFormat.of().formatHex(sealed.salt())));
            json.put("cipher", Map.of("algorithm", "AES-256-GCM", "nonce", HexFormat.of().formatHex(sealed.nonce()),
                    "ciphertext", HexFormat.of().formatHex(sealed.ciphertext())));
            writePrivately(file, JSON.writeValueAsBytes(json));
            return new WalletInfo(name, key.address(), HexFormat.of().formatHex(key.publicKey()), created);
        } finally {
            Arrays.fill(privateKey, (byte) 0);
        }
    }

    public List<WalletInfo> list() throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<WalletInfo> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList()) {
                JsonNode n = JSON.readTree(f.toFile());
                all.add(info(n));
            }
        }
        return all;
    }

    public Optional<WalletInfo> find(String name) throws IOException {
        if (name == null || !name.matches(NAME_PATTERN) || !Files.exists(file(name))) {
            return Optional.empty();
        }
        return Optional.of(info(JSON.readTree(file(name).toFile())));
    }

    /** Unlocks {@code name} with {@code passphrase}, runs {@code use} with the key, and forgets the key. */
    public <T> T withKey(String name, char[] passphrase, KeyUse<T> use) throws Exception {
        if (find(name).isEmpty()) {
            throw new NoSuchWalletException(name);
        }
        JsonNode n = JSON.readTree(file(name).toFile());
        JsonNode kdf = n.get("kdf");
        JsonNode cipher = n.get("cipher");
        KeyEncryption.Sealed sealed = new KeyEncryption.Sealed(kdf.get("n").asInt(),
                HexFormat.of().parseHex(kdf.get("salt").asText()), HexFormat.of().parseHex(cipher.get("nonce").asText()),
                HexFormat.of().parseHex(cipher.get("ciphertext").asText()));
        byte[] privateKey = stretching(() -> KeyEncryption.open(sealed, passphrase, associatedData(name, n.get("address").asText())));
        try {
            KeyPair key = new KeyPair(privateKey);
            if (!key.address().equals(n.get("address").asText())) {
                throw new WrongPassphraseException("the key file's address does not belong to its key");
            }
            return use.apply(key);
        } finally {
            Arrays.fill(privateKey, (byte) 0);
        }
    }

    /** What scrypt runs inside: one of {@value #CONCURRENT_STRETCHES} at a time. */
    @FunctionalInterface
    interface Stretch<T, E extends Exception> {
        T run() throws E;
    }

    <T, E extends Exception> T stretching(Stretch<T, E> work) throws E {
        try {
            if (!stretches.tryAcquire(STRETCH_WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new WalletsBusyException("too many wallet keys are being unlocked at once; retry in a few seconds");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WalletsBusyException("interrupted while waiting to unlock a wallet key");
        }
        try {
            return work.run();
        } finally {
            stretches.release();
        }
    }

    private static WalletInfo info(JsonNode n) {
        return new WalletInfo(n.get("name").asText(), n.get("address").asText(), n.get("publicKey").asText(),
                n.get("createdMillis").asLong());
    }

    private Path file(String name) {
        return dir.resolve(name + ".json");
    }

    private static byte[] associatedData(String name, String address) {
        return ("qenex-wallet-1|" + name + "|" + address).getBytes(StandardCharsets.UTF_8);
    }

    private void writePrivately(Path file, byte[] content) throws IOException {
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, ".wallet", ".tmp");
        try {
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the folder's permissions protect it
            }
            Files.write(tmp, content);
            try (var channel = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
