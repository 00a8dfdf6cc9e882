package io.redline.localstack.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The development admin key of {@code ./redline up}: made once, kept in the data folder readable by its owner only,
 * and given to every service as its bootstrap admin key ({@code REDLINE_AUTH_BOOTSTRAP_ADMIN_KEY}).
 *
 * <p>It is reused across runs so that a key exported in a shell keeps working after a restart; deleting the file
 * (or {@code ./redline up --new-admin-key}, or {@code ./redline reset}) makes a new one.
 */
public final class DevAdminKey {

    /** The file in the data folder that holds the key. */
    public static final String FILE_NAME = "admin-key";
    /** The services refuse a shorter bootstrap key (api-security's ApiKeyStore). */
    static final int MIN_LENGTH = 32;

    private static final SecureRandom RANDOM = new SecureRandom();

    private DevAdminKey() {}

    /** The key and whether it was made just now. */
    public record Loaded(String value, Path file, boolean created) {}

    /** The key file of a stack with this data folder. */
    public static Path file(Path dataDir) {
        return dataDir.resolve(FILE_NAME);
    }

    /**
     * Reads the key from {@code file}, or makes one and writes it there when the file does not exist.
     *
     * @throws IllegalStateException when the file holds something too short to be a key
     */
    public static Loaded loadOrCreate(Path file) throws IOException {
        if (Files.exists(file)) {
            String value = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (value.length() < MIN_LENGTH || value.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalStateException(file + " does not hold a key of " + MIN_LENGTH
                        + "+ characters without spaces; delete it (or run ./redline up --new-admin-key)");
            }
            // A copy made with cp or an editor may have lost its mode; the key is as good as a password.
            OwnerOnlyFiles.restrictToOwner(file);
            return new Loaded(value, file, false);
        }
        String value = generate();
        OwnerOnlyFiles.write(file, value);
        return new Loaded(value, file, true);
    }

    /**
     * A new key: {@code rlk_dev_} and 32 random bytes in base64url. The prefix makes a leaked one recognisable, and
     * lets it pass as a Redline key when OIDC is on (bearer tokens without {@code rlk_} then go to OIDC).
     */
    static String generate() {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return "rlk_dev_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }
}
