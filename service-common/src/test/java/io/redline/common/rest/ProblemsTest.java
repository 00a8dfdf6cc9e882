package io.redline.common.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Problem bodies keep the standard members first, and titles carry the status's reason phrase. */
class ProblemsTest {

    @Test
    void bodyHasTheStandardMembersThenTheExtensions() {
        Map<String, Object> body =
                Problems.body(400, "Invalid parameter", "q: unbalanced quote", Map.of("parameter", "q"));
        assertThat(body)
                .containsExactly(
                        Map.entry("type", "about:blank"),
                        Map.entry("title", "Invalid parameter"),
                        Map.entry("status", 400),
                        Map.entry("detail", "q: unbalanced quote"),
                        Map.entry("parameter", "q"));
    }

    @Test
    void titlesNameTheStatus() {
        assertThat(Problems.title(422)).isEqualTo("Unprocessable Content");
        assertThat(Problems.title(413)).isEqualTo("Content Too Large");
        assertThat(Problems.title(409)).isEqualTo("Conflict");
        assertThat(Problems.title(404)).isEqualTo("Not Found");
        assertThat(Problems.title(299)).isEqualTo("Error");
    }
}
