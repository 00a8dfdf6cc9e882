package io.redline.alerts.secrets;

import io.smallrye.config.ConfigMapping;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The key-encryption keys that seal webhook secrets and channel URLs at rest, under {@code redline.secrets} (kept out
 * of Kafka: an environment variable or a file).
 */
@ConfigMapping(prefix = "redline.secrets")
public interface SecretsConfig {

    /** The current key, {@code base64} of 32 random bytes or {@code id:base64} (env {@code REDLINE_SECRETS_KEY}). */
    Optional<String> key();

    /** A file holding the current key on its first line and older, decrypt-only keys on the following lines. */
    Optional<Path> keyFile();

    /** Older keys, comma-separated, used only to open values sealed before a rotation. */
    Optional<List<String>> previousKeys();
}
