package io.redline.ingest.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Problem titles carry the status's reason phrase, including the ones JAX-RS's enum does not know. */
class ProblemMappersTest {

    @Test
    void titlesNameTheStatus() {
        assertThat(ProblemMappers.title(422)).isEqualTo("Unprocessable Content");
        assertThat(ProblemMappers.title(413)).isEqualTo("Content Too Large");
        assertThat(ProblemMappers.title(409)).isEqualTo("Conflict");
        assertThat(ProblemMappers.title(404)).isEqualTo("Not Found");
    }
}
