package io.redline.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The redline.stack switch reads "local" and "containers" in any case and names the valid values otherwise. */
class StackBackendTest {

    @Test
    void readsItsTwoNames() {
        assertThat(StackBackend.parse("containers", "-Dredline.stack")).isEqualTo(StackBackend.CONTAINERS);
        assertThat(StackBackend.parse(" Local ", "REDLINE_STACK")).isEqualTo(StackBackend.LOCAL);
    }

    @Test
    void anUnknownNameSaysWhereItCameFromAndWhatIsValid() {
        assertThatThrownBy(() -> StackBackend.parse("docker", "REDLINE_STACK"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("REDLINE_STACK=docker is not a stack backend; use one of local, containers");
    }
}
