package io.redline.common.secrets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key-encryption keys (KEKs) that seal secrets at rest: the current one, which seals every new value, and older
 * ones kept only to open values sealed before a rotation.
 *
 * <p>A key is written {@code base64} (32 random bytes, e.g. {@code head -c32 /dev/urandom | base64}) or
 * {@code id:base64}; without an id, the id is derived from the key ({@code k} + 8 hex digits of its SHA-256), so the
 * same key always has the same id and a sealed value names the key that opens it without revealing it.
 */
public final class KeyRing {

    /** The environment variable of the current key (the config property {@code redline.secrets.key}). */
    public static final String KEY_ENV = "REDLINE_SECRETS_KEY";
    /** The environment variable of the older, decrypt-only keys ({@code redline.secrets.previous-keys}). */
    public static final String PREVIOUS_KEYS_ENV = "REDLINE_SECRETS_PREVIOUS_KEYS";

    static final int KEY_BYTES = 32;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.-]{1,40}");

    /** One key-encryption key. */
    public record Kek(String id, SecretKey key) {

        /** Never prints the key. */
        @Override
        public String toString() {
            return "Kek[" + id + "]";
        }
    }

    private final Kek current;
    private final Map<String, Kek> byId;

    private KeyRing(Kek current, List<Kek> previous) {
        Map<String, Kek> all = new LinkedHashMap<>();
        all.put(current.id(), current);
        for (Kek k : previous) {
            Kek same = all.get(k.id());
            if (same != null
                    && !MessageDigest.isEqual(same.key().getEncoded(), k.key().getEncoded())) {
                throw new SecretsException("two different secrets keys have the id '" + k.id()
                        + "': give each key its own id (id:base64)");
            }
            all.putIfAbsent(k.id(), k);
        }
        this.current = current;
        this.byId = Collections.unmodifiableMap(all);
    }

    /** A ring of {@code current} (in {@code id:base64} or {@code base64} form) and decrypt-only {@code previous}. */
    public static KeyRing of(String current, List<String> previous) {
        List<Kek> older = new ArrayList<>();
        for (String p : previous) {
            if (p != null && !p.isBlank()) {
                older.add(parse(p, PREVIOUS_KEYS_ENV));
            }
        }
        return new KeyRing(parse(current, KEY_ENV), older);
    }

    /**
     * The ring a service is configured with: the key from {@code key} (env {@value #KEY_ENV}) or from {@code keyFile}
     * (first key line: the current key; further lines: older, decrypt-only keys; {@code #} starts a comment), plus
     * {@code previous}.
     *
     * @throws SecretsException when no key, both sources or a malformed key is configured
     */
    public static KeyRing load(Optional<String> key, Optional<Path> keyFile, List<String> previous) {
        boolean hasKey = key.filter(k -> !k.isBlank()).isPresent();
        if (hasKey && keyFile.isPresent()) {
            throw new SecretsException("both " + KEY_ENV
                    + " and redline.secrets.key-file are set: configure the secrets key in one place");
        }
        List<String> older = new ArrayList<>();
        String currentKey;
        if (hasKey) {
            currentKey = key.get();
        } else if (keyFile.isPresent()) {
            List<String> lines = keyLines(keyFile.get());
            if (lines.isEmpty()) {
                throw new SecretsException("the secrets key file " + keyFile.get() + " holds no key");
            }
            currentKey = lines.get(0);
            older.addAll(lines.subList(1, lines.size()));
        } else {
            throw new SecretsException("no secrets key: set " + KEY_ENV
                    + " to base64 of 32 random bytes (head -c32 /dev/urandom | base64), or redline.secrets.key-file"
                    + " to a file holding it; it seals webhook secrets and Slack/Teams URLs at rest in Kafka");
        }
        older.addAll(previous);
        return of(currentKey, older);
    }

    private static List<String> keyLines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                    .map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .toList();
        } catch (IOException e) {
            throw new SecretsException("cannot read the secrets key file " + file + ": " + e, e);
        }
    }

    /** Parses {@code id:base64} or {@code base64}; the messages never show the key. */
    static Kek parse(String spec, String source) {
        String s = spec == null ? "" : spec.strip();
        String id = null;
        int colon = s.indexOf(':');
        if (colon >= 0) {
            id = s.substring(0, colon).strip();
            s = s.substring(colon + 1).strip();
            if (!ID.matcher(id).matches()) {
                throw new SecretsException(source + ": a key id must be 1-40 letters, digits, '.', '_' or '-'");
            }
        }
        byte[] bytes;
        try {
            bytes = (s.indexOf('-') >= 0 || s.indexOf('_') >= 0 ? Base64.getUrlDecoder() : Base64.getDecoder())
                    .decode(s);
        } catch (IllegalArgumentException e) {
            throw new SecretsException(source + " is not base64: it must be base64 of " + KEY_BYTES
                    + " random bytes (head -c32 /dev/urandom | base64), optionally prefixed by 'id:'");
        }
        if (bytes.length != KEY_BYTES) {
            throw new SecretsException(source + " decodes to " + bytes.length + " bytes; it must be base64 of "
                    + KEY_BYTES + " random bytes (head -c32 /dev/urandom | base64)");
        }
        return new Kek(id != null ? id : derivedId(bytes), new SecretKeySpec(bytes, "AES"));
    }

    private static String derivedId(byte[] key) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(key);
            return "k" + HexFormat.of().formatHex(hash, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** The key that seals new values. */
    public Kek current() {
        return current;
    }

    /** The key with this id, if configured. */
    public Optional<Kek> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** The ids of every configured key, the current one first. */
    public List<String> ids() {
        return List.copyOf(byId.keySet());
    }
}
