package io.redline.localstack.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The secrets key of {@code ./redline up}: made once, kept in the data folder readable by its owner only, and given
 * to alert-service as {@code REDLINE_SECRETS_KEY}, which seals webhook secrets and channel URLs in Kafka.
 *
 * <p>It must outlive restarts (the subscriptions in the stack's Kafka are sealed with it), so unlike the admin key
 * no option replaces it; {@code ./redline reset} deletes it together with the data it sealed.
 */
public final class DevSecretsKey {

    /** The file in the data folder that holds the key. */
    public static final String FILE_NAME = "secrets-key";

    private static final SecureRandom RANDOM = new SecureRandom();

    private DevSecretsKey() {}

    /** The key ({@code dev:} + base64 of 32 bytes) and whether it was made just now. */
    public record Loaded(String value, Path file, boolean created) {}

    /** The key file of a stack with this data folder. */
    public static Path file(Path dataDir) {
        return dataDir.resolve(FILE_NAME);
    }

    /**
     * Reads the key from {@code file}, or makes one and writes it there when the file does not exist.
     *
     * @throws IllegalStateException when the file holds something that is not a key
     */
    public static Loaded loadOrCreate(Path file) throws IOException {
        if (Files.exists(file)) {
            String value = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (!valid(value)) {
                throw new IllegalStateException(file + " does not hold a secrets key (id:base64 of 32 bytes); restore"
                        + " it, or run ./redline reset (the subscriptions sealed with it are lost then)");
            }
            OwnerOnlyFiles.restrictToOwner(file);
            return new Loaded(value, file, false);
        }
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        String value = "dev:" + Base64.getEncoder().encodeToString(key);
        OwnerOnlyFiles.write(file, value);
        return new Loaded(value, file, true);
    }

    static boolean valid(String value) {
        String b64 = value.substring(value.indexOf(':') + 1);
        try {
            return Base64.getDecoder().decode(b64).length == 32;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
