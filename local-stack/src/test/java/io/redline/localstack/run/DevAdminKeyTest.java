package io.redline.localstack.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The development admin key is made once, owner-only, reused until its file goes, and never shorter than 32. */
class DevAdminKeyTest {

    @TempDir
    Path data;

    @Test
    void madeOnceOwnerOnlyAndReused() throws Exception {
        Path file = DevAdminKey.file(data);

        DevAdminKey.Loaded first = DevAdminKey.loadOrCreate(file);
        DevAdminKey.Loaded second = DevAdminKey.loadOrCreate(file);

        assertThat(first.created()).isTrue();
        assertThat(first.value())
                .startsWith("rlk_dev_")
                .hasSizeGreaterThanOrEqualTo(32)
                .matches("[A-Za-z0-9_-]+");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(second.created()).isFalse();
        assertThat(second.value()).isEqualTo(first.value());
    }

    @Test
    void deletingTheFileMakesANewKey() throws Exception {
        Path file = DevAdminKey.file(data);
        String old = DevAdminKey.loadOrCreate(file).value();

        Files.delete(file);
        DevAdminKey.Loaded renewed = DevAdminKey.loadOrCreate(file);

        assertThat(renewed.created()).isTrue();
        assertThat(renewed.value()).isNotEqualTo(old);
    }

    @Test
    void aKeyPutThereByHandIsUsedAndItsFileMadeOwnerOnly() throws Exception {
        Path file = DevAdminKey.file(data);
        Files.writeString(file, "my-own-admin-key-of-more-than-32-characters\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        DevAdminKey.Loaded loaded = DevAdminKey.loadOrCreate(file);

        assertThat(loaded.value()).isEqualTo("my-own-admin-key-of-more-than-32-characters");
        assertThat(loaded.created()).isFalse();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
    }

    @Test
    void aShortKeyIsRefusedRatherThanPassedToServicesThatWouldNotStart() throws Exception {
        Path file = DevAdminKey.file(data);
        Files.writeString(file, "too-short\n");

        assertThatThrownBy(() -> DevAdminKey.loadOrCreate(file))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("--new-admin-key");
    }
}
