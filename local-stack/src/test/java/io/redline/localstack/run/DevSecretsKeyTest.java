package io.redline.localstack.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stack's secrets key is made once (32 random bytes), owner-only, and kept across restarts. */
class DevSecretsKeyTest {

    @TempDir
    Path data;

    @Test
    void madeOnceOwnerOnlyAndReused() throws Exception {
        Path file = DevSecretsKey.file(data);

        DevSecretsKey.Loaded first = DevSecretsKey.loadOrCreate(file);
        DevSecretsKey.Loaded second = DevSecretsKey.loadOrCreate(file);

        assertThat(first.created()).isTrue();
        assertThat(first.value()).startsWith("dev:");
        assertThat(Base64.getDecoder().decode(first.value().substring(4))).hasSize(32);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(second.created()).isFalse();
        assertThat(second.value()).isEqualTo(first.value());
    }

    @Test
    void aDamagedFileIsRefusedRatherThanReplaced() throws Exception {
        Path file = DevSecretsKey.file(data);
        Files.writeString(file, "dev:too-short\n");

        assertThatThrownBy(() -> DevSecretsKey.loadOrCreate(file)).hasMessageContaining("does not hold a secrets key");
        assertThat(Files.readString(file)).isEqualTo("dev:too-short\n");
    }
}
