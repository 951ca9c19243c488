package io.docusigncamel.emulator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The emulator's durable world outside envelopes: users and their accounts, integration keys with their public keys
 * and redirect URIs, consent grants, the default template id and the TLS store passwords. Persisted as
 * {@code identity.json} in the state directory after every change, so that a restarted emulator is the same
 * DocuSign environment (same integration key, same consent) to its clients.
 * Thread-safe: every method synchronizes on the store; nothing slow happens under the lock except the small file
 * write, which keeps the file consistent with memory.
 */
final class IdentityStore {

    static final String FILE = "identity.json";
    /** DocuSign lets an integration key hold at most five RSA key pairs (docusign-api.md §3). */
    static final int MAX_KEYS_PER_INTEGRATION = 5;
    private static final DateTimeFormatter USERINFO_CREATED = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SS");

    private final Path file;
    private final Stored stored;
    private final Map<String, List<RSAPublicKey>> parsedKeys = new LinkedHashMap<>();

    private IdentityStore(Path file, Stored stored) {
        this.file = file;
        this.stored = stored;
        stored.integrations.forEach(i -> parsedKeys.put(i.integrationKey, parse(i.publicKeys)));
    }

    /** Reads {@code identity.json} from {@code dir}, or creates a fresh identity there. */
    static IdentityStore loadOrCreate(Path dir, Clock clock) throws IOException {
        Path file = dir.resolve(FILE);
        IdentityStore store;
        if (Files.isRegularFile(file)) {
            store = new IdentityStore(file, Json.read(Files.readAllBytes(file), Stored.class));
            store.check();
        } else {
            store = new IdentityStore(file, fresh(clock));
            store.persist();
        }
        return store;
    }

    synchronized String demoIntegrationKey() {
        return stored.integrationKey;
    }

    synchronized String demoUserId() {
        return stored.userId;
    }

    synchronized String templateId() {
        return stored.templateId;
    }

    synchronized String demoPublicKey() {
        return stored.demoPublicKey;
    }

    synchronized char[] keystorePassword() {
        return stored.keystorePassword.toCharArray();
    }

    synchronized String truststorePassword() {
        return stored.truststorePassword;
    }

    synchronized EmulatorUser user(String userId) {
        return stored.users.stream().filter(u -> u.userId().equalsIgnoreCase(userId)).findFirst().orElse(null);
    }

    synchronized boolean hasIntegration(String integrationKey) {
        return integration(integrationKey) != null;
    }

    /** The integration's user: the one the consent page grants consent for. */
    synchronized String integrationUser(String integrationKey) {
        StoredIntegration integration = integration(integrationKey);
        return integration == null ? null : integration.userId;
    }

    synchronized List<RSAPublicKey> publicKeys(String integrationKey) {
        StoredIntegration integration = integration(integrationKey);
        return integration == null ? List.of() : List.copyOf(parsedKeys.get(integration.integrationKey));
    }

    /**
     * Registers a public key for an integration key.
     *
     * @return how many keys the integration key holds now
     * @throws IllegalArgumentException for an unknown integration key or a PEM that holds no RSA public key
     * @throws IllegalStateException    when the integration key already holds five keys
     */
    synchronized int registerKey(String integrationKey, String publicKeyPem) throws IOException {
        StoredIntegration integration = requireIntegration(integrationKey);
        RSAPublicKey key = Pem.parsePublicKey(publicKeyPem);
        if (integration.publicKeys.contains(publicKeyPem)) {
            return integration.publicKeys.size();
        }
        if (integration.publicKeys.size() >= MAX_KEYS_PER_INTEGRATION) {
            throw new IllegalStateException("integration key " + integrationKey + " already holds "
                    + MAX_KEYS_PER_INTEGRATION + " RSA keys, DocuSign's maximum");
        }
        integration.publicKeys.add(publicKeyPem);
        parsedKeys.get(integration.integrationKey).add(key);
        persist();
        return integration.publicKeys.size();
    }

    /** Replaces the demo key pair's public key (when its private key file was lost) with a new one. */
    synchronized void replaceDemoKey(String publicKeyPem) throws IOException {
        StoredIntegration demo = requireIntegration(stored.integrationKey);
        if (stored.demoPublicKey != null) {
            demo.publicKeys.remove(stored.demoPublicKey);
        }
        if (demo.publicKeys.size() >= MAX_KEYS_PER_INTEGRATION) {
            demo.publicKeys.remove(0);
        }
        demo.publicKeys.add(publicKeyPem);
        stored.demoPublicKey = publicKeyPem;
        parsedKeys.put(demo.integrationKey, parse(demo.publicKeys));
        persist();
    }

    /**
     * Registers the emulator's own consent-callback page on the demo integration key, dropping the one of an
     * earlier start (its port may have differed).
     */
    synchronized void registerDemoRedirectUri(String redirectUri, String callbackPathSuffix) throws IOException {
        StoredIntegration demo = requireIntegration(stored.integrationKey);
        demo.redirectUris.removeIf(uri -> uri.endsWith(callbackPathSuffix));
        demo.redirectUris.add(redirectUri);
        persist();
    }

    synchronized boolean isRedirectUriRegistered(String integrationKey, String redirectUri) {
        StoredIntegration integration = integration(integrationKey);
        return integration != null && integration.redirectUris.contains(redirectUri);
    }

    synchronized void grantConsent(String integrationKey, String userId, Set<String> scopes) throws IOException {
        requireIntegration(integrationKey);
        if (user(userId) == null) {
            throw new IllegalArgumentException("unknown user " + userId);
        }
        StoredConsent consent = consent(integrationKey, userId);
        if (consent == null) {
            consent = new StoredConsent();
            consent.integrationKey = integrationKey;
            consent.userId = userId;
            stored.consents.add(consent);
        }
        Set<String> merged = new TreeSet<>(consent.scopes);
        merged.addAll(scopes);
        consent.scopes = new ArrayList<>(merged);
        persist();
    }

    synchronized void revokeConsent(String integrationKey, String userId) throws IOException {
        if (stored.consents.removeIf(c -> c.integrationKey.equalsIgnoreCase(integrationKey)
                && c.userId.equalsIgnoreCase(userId))) {
            persist();
        }
    }

    synchronized Set<String> consentedScopes(String integrationKey, String userId) {
        StoredConsent consent = consent(integrationKey, userId);
        return consent == null ? Set.of() : Set.copyOf(consent.scopes);
    }

    /**
     * Registers another integration key for {@code userId}; when the user is unknown it is created with one account
     * of its own, so a test can show that one user's token cannot reach another user's account.
     *
     * @return the integration key's user
     */
    synchronized EmulatorUser addIntegration(String integrationKey, String userId, String userName, String email,
                                             List<String> redirectUris, Clock clock) throws IOException {
        if (integration(integrationKey) != null) {
            throw new IllegalStateException("integration key " + integrationKey + " exists already");
        }
        EmulatorUser user = user(userId);
        if (user == null) {
            String name = userName == null ? "Extra User" : userName;
            user = new EmulatorUser(userId, name, name.split(" ")[0], name.contains(" ")
                    ? name.substring(name.indexOf(' ') + 1) : "", email == null ? "extra.user@example.com" : email,
                    created(clock), List.of(new EmulatorAccount(UUID.randomUUID().toString(), name + " Account",
                    true)));
            stored.users.add(user);
        }
        StoredIntegration integration = new StoredIntegration();
        integration.integrationKey = integrationKey;
        integration.userId = user.userId();
        integration.redirectUris.addAll(redirectUris);
        stored.integrations.add(integration);
        parsedKeys.put(integrationKey, new ArrayList<>());
        persist();
        return user;
    }

    /** Everything the control API's state page shows; public keys appear as counts, never as text. */
    synchronized Map<String, Object> describe() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("users", List.copyOf(stored.users));
        List<Map<String, Object>> integrations = new ArrayList<>();
        for (StoredIntegration i : stored.integrations) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("integrationKey", i.integrationKey);
            m.put("userId", i.userId);
            m.put("publicKeyCount", i.publicKeys.size());
            m.put("redirectUris", List.copyOf(i.redirectUris));
            integrations.add(m);
        }
        out.put("integrations", integrations);
        List<Map<String, Object>> consents = new ArrayList<>();
        for (StoredConsent c : stored.consents) {
            consents.add(Map.of("integrationKey", c.integrationKey, "userId", c.userId, "scopes", List.copyOf(c.scopes)));
        }
        out.put("consents", consents);
        return out;
    }

    private StoredIntegration integration(String integrationKey) {
        if (integrationKey == null) {
            return null;
        }
        return stored.integrations.stream().filter(i -> i.integrationKey.equalsIgnoreCase(integrationKey))
                .findFirst().orElse(null);
    }

    private StoredIntegration requireIntegration(String integrationKey) {
        StoredIntegration integration = integration(integrationKey);
        if (integration == null) {
            throw new IllegalArgumentException("unknown integration key " + integrationKey);
        }
        return integration;
    }

    private StoredConsent consent(String integrationKey, String userId) {
        return stored.consents.stream().filter(c -> c.integrationKey.equalsIgnoreCase(integrationKey)
                && c.userId.equalsIgnoreCase(userId)).findFirst().orElse(null);
    }

    private void check() {
        if (stored.integrationKey == null || stored.userId == null || stored.templateId == null
                || stored.keystorePassword == null || stored.truststorePassword == null
                || integration(stored.integrationKey) == null || user(stored.userId) == null) {
            throw new IllegalStateException(file + " is incomplete; delete it (and the state directory's other "
                    + "files) to let the emulator create a fresh identity");
        }
    }

    private void persist() throws IOException {
        Path temp = file.resolveSibling(FILE + ".tmp");
        Files.writeString(temp, Json.pretty(stored), StandardCharsets.UTF_8);
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static List<RSAPublicKey> parse(List<String> pems) {
        List<RSAPublicKey> keys = new ArrayList<>();
        pems.forEach(pem -> keys.add(Pem.parsePublicKey(pem)));
        return keys;
    }

    private static String created(Clock clock) {
        return LocalDateTime.ofInstant(clock.instant().truncatedTo(ChronoUnit.MILLIS), ZoneOffset.UTC)
                .format(USERINFO_CREATED);
    }

    private static Stored fresh(Clock clock) {
        Stored s = new Stored();
        s.integrationKey = UUID.randomUUID().toString();
        s.userId = UUID.randomUUID().toString();
        s.templateId = UUID.randomUUID().toString();
        s.keystorePassword = randomPassword();
        s.truststorePassword = randomPassword();
        // The default account is deliberately second: clients that take accounts[0] pick the wrong one here, as
        // they would for a real multi-account user (docusign-api.md §4).
        s.users.add(new EmulatorUser(s.userId, "Demo Sender", "Demo", "Sender", "demo.sender@example.com",
                created(clock), List.of(
                new EmulatorAccount(UUID.randomUUID().toString(), "Emulated Europe Ltd", false),
                new EmulatorAccount(UUID.randomUUID().toString(), "Emulated Corporation", true))));
        StoredIntegration demo = new StoredIntegration();
        demo.integrationKey = s.integrationKey;
        demo.userId = s.userId;
        s.integrations.add(demo);
        return s;
    }

    private static String randomPassword() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The file's shape. Mutable, used under the store's lock only. */
    static final class Stored {
        public int version = 1;
        public String integrationKey;
        public String userId;
        public String templateId;
        public String demoPublicKey;
        public String keystorePassword;
        public String truststorePassword;
        public List<EmulatorUser> users = new ArrayList<>();
        public List<StoredIntegration> integrations = new ArrayList<>();
        public List<StoredConsent> consents = new ArrayList<>();
    }

    static final class StoredIntegration {
        public String integrationKey;
        public String userId;
        public List<String> publicKeys = new ArrayList<>();
        public List<String> redirectUris = new ArrayList<>();
    }

    static final class StoredConsent {
        public String integrationKey;
        public String userId;
        public List<String> scopes = new ArrayList<>();
    }
}
