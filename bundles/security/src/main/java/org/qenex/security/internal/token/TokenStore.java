package org.qenex.security.internal.token;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qenex.api.node.NodeContext;
import org.qenex.security.internal.Roles;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The node's API tokens, in {@code data/qenex/security/tokens.json} (owner-only).
 *
 * <p>A token is {@code qxt_<id>_<secret>}: a 64-bit id in hex and a 256-bit random secret in
 * Base64url. Only the SHA-256 of the whole token is stored. A slow hash would add nothing here:
 * 256 random bits cannot be guessed, so checking a token costs one SHA-256 and needs no
 * PBKDF2. Why a file and not the node's store: authentication must keep working while the store
 * is down or being restored (the store's own REST endpoints need it), and this bundle starts
 * long before the store.
 */
@Component(service = TokenStore.class)
public final class TokenStore {

    /** What every token starts with, so secret scanners can recognise a leaked one. */
    public static final String PREFIX = "qxt_";
    public static final Duration MAX_LIFETIME = Duration.ofDays(366);
    static final int MAX_TOKENS_PER_OWNER = 100;
    /** Expired tokens stay listed (and refused) this long, then they are dropped. */
    static final Duration KEEP_EXPIRED = Duration.ofDays(30);
    private static final String NAME_PATTERN = "[A-Za-z0-9._-]{1,64}";

    private final Path file;
    private final Clock clock;
    private final SecureRandom random;
    private final ObjectMapper mapper = new ObjectMapper();
    private final Map<String, ApiToken> tokens = new LinkedHashMap<>();

    @Activate
    public TokenStore(@Reference NodeContext node) throws IOException {
        this(node.dataFolder().resolve("tokens.json"), Clock.systemUTC(), new SecureRandom());
    }

    /** For tests and tools: a store in {@code file}. */
    public TokenStore(Path file, Clock clock, SecureRandom random) throws IOException {
        this.file = file;
        this.clock = clock;
        this.random = random;
        load();
    }

    /**
     * Creates a token for {@code owner}.
     *
     * @param ownerRoles the roles the owner has now; the token may have no role beyond them
     * @throws IllegalArgumentException for a bad name, lifetime or role
     * @throws SecurityException when {@code roles} exceed {@code ownerRoles}
     */
    public synchronized IssuedToken create(String owner, Set<String> ownerRoles, String name, Set<String> roles,
            Duration lifetime) throws IOException {
        if (name == null || !name.matches(NAME_PATTERN)) {
            throw new IllegalArgumentException("a token name has 1 to 64 letters, digits, '.', '_' or '-'");
        }
        if (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(MAX_LIFETIME) > 0) {
            throw new IllegalArgumentException("a token lives at most " + MAX_LIFETIME.toDays() + " days");
        }
        Set<String> granted = Roles.parse(roles);
        Set<String> allowed = Roles.implied(Roles.known(ownerRoles));
        if (!allowed.containsAll(granted)) {
            throw new SecurityException("a token cannot have roles its creator lacks: " + owner + " has "
                    + (allowed.isEmpty() ? "none" : String.join(",", allowed)));
        }
        purgeExpired();
        if (tokens.values().stream().filter(t -> t.owner().equals(owner)).count() >= MAX_TOKENS_PER_OWNER) {
            throw new IllegalArgumentException(owner + " already has " + MAX_TOKENS_PER_OWNER + " tokens; revoke some first");
        }
        String id;
        do {
            byte[] idBytes = new byte[8];
            random.nextBytes(idBytes);
            id = HexFormat.of().formatHex(idBytes);
        } while (tokens.containsKey(id));
        byte[] secretBytes = new byte[32];
        random.nextBytes(secretBytes);
        String secret = PREFIX + id + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secretBytes);
        Instant now = clock.instant();
        ApiToken token = new ApiToken(id, name, owner, granted, now, now.plus(lifetime), sha256(secret));
        tokens.put(id, token);
        save();
        return new IssuedToken(token, secret);
    }

    /** Checks a token as presented in {@code Authorization: Bearer}; costs one SHA-256. */
    public TokenCheck check(String presented) {
        String id = idOf(presented);
        if (id == null) {
            return TokenCheck.refused("not a QENEX token");
        }
        ApiToken token;
        synchronized (this) {
            token = tokens.get(id);
        }
        byte[] expected = token == null ? new byte[32] : HexFormat.of().parseHex(token.hash());
        boolean matches = MessageDigest.isEqual(expected, HexFormat.of().parseHex(sha256(presented)));
        if (token == null || !matches) {
            return TokenCheck.refused("unknown or revoked token");
        }
        if (token.expiredAt(clock.instant())) {
            return TokenCheck.refused("token " + id + " expired at " + token.expires());
        }
        return TokenCheck.valid(token);
    }

    /** All tokens, or those of {@code owner} when it is not null; newest first. */
    public synchronized List<ApiToken> list(String owner) {
        List<ApiToken> result = new ArrayList<>();
        for (ApiToken token : tokens.values()) {
            if (owner == null || token.owner().equals(owner)) {
                result.add(token);
            }
        }
        result.sort(Comparator.comparing(ApiToken::created).reversed());
        return result;
    }

    /**
     * Revokes token {@code id} if {@code owner} owns it (any owner when null).
     *
     * @return whether a token was revoked
     */
    public synchronized boolean revoke(String id, String owner) throws IOException {
        ApiToken token = tokens.get(id);
        if (token == null || (owner != null && !token.owner().equals(owner))) {
            return false;
        }
        tokens.remove(id);
        save();
        return true;
    }

    /**
     * Revokes the tokens of {@code owner} that grant a role beyond {@code roles} (all of them when
     * {@code roles} is empty), after the user lost roles or was removed.
     *
     * @return how many were revoked
     */
    public synchronized int revokeBeyond(String owner, Set<String> roles) throws IOException {
        Set<String> allowed = Roles.implied(Roles.known(roles));
        int before = tokens.size();
        tokens.values().removeIf(t -> t.owner().equals(owner) && !allowed.containsAll(t.roles()));
        int revoked = before - tokens.size();
        if (revoked > 0) {
            save();
        }
        return revoked;
    }

    /** Parses a lifetime like {@code 30d}, {@code 12h}, {@code 90m}, {@code 1y} or {@code 45s} (short-lived CI tokens). */
    public static Duration parseLifetime(String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        if (!t.matches("[0-9]{1,6}[smhdy]")) {
            throw new IllegalArgumentException("a lifetime is a number and s, m, h, d or y, e.g. 30d: " + text);
        }
        long n = Long.parseLong(t.substring(0, t.length() - 1));
        return switch (t.charAt(t.length() - 1)) {
            case 's' -> Duration.ofSeconds(n);
            case 'm' -> Duration.ofMinutes(n);
            case 'h' -> Duration.ofHours(n);
            case 'd' -> Duration.ofDays(n);
            default -> Duration.ofDays(365 * n);
        };
    }

    private static String idOf(String presented) {
        if (presented == null || !presented.startsWith(PREFIX) || presented.length() > 128) {
            return null;
        }
        int end = presented.indexOf('_', PREFIX.length());
        String id = end < 0 ? null : presented.substring(PREFIX.length(), end);
        return id != null && id.matches("[0-9a-f]{16}") ? id : null;
    }

    private void purgeExpired() throws IOException {
        Instant cutoff = clock.instant().minus(KEEP_EXPIRED);
        if (tokens.values().removeIf(t -> t.expires().isBefore(cutoff))) {
            save();
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private void load() throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        List<Map<String, Object>> stored = mapper.readValue(file.toFile(), new TypeReference<List<Map<String, Object>>>() {
        });
        for (Map<String, Object> t : stored) {
            @SuppressWarnings("unchecked")
            List<String> roles = (List<String>) t.get("roles");
            ApiToken token = new ApiToken((String) t.get("id"), (String) t.get("name"), (String) t.get("owner"),
                    Set.copyOf(roles), Instant.parse((String) t.get("created")), Instant.parse((String) t.get("expires")),
                    (String) t.get("sha256"));
            tokens.put(token.id(), token);
        }
    }

    private void save() throws IOException {
        List<Map<String, Object>> stored = new ArrayList<>();
        for (ApiToken t : tokens.values()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", t.id());
            m.put("name", t.name());
            m.put("owner", t.owner());
            m.put("roles", List.copyOf(Roles.parse(t.roles())));
            m.put("created", t.created().toString());
            m.put("expires", t.expires().toString());
            m.put("sha256", t.hash());
            stored.add(m);
        }
        Files.createDirectories(file.getParent());
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(temp);
        try {
            Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(temp);
        }
        Files.write(temp, mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(stored));
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
