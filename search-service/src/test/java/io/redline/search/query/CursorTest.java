package io.redline.search.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import co.elastic.clients.elasticsearch._types.FieldValue;
import io.redline.query.InvalidParameterException;
import java.util.List;
import org.junit.jupiter.api.Test;

class CursorTest {

    @Test
    void roundTripsSortValuesWithTheirTypes() {
        Cursor c = Cursor.of(
                "pit-id", List.of(FieldValue.of(1.5), FieldValue.of(1795744685628L), FieldValue.of("abc")), "fp");
        Cursor back = Cursor.decode(c.encode(), "fp");
        assertThat(back.pit()).isEqualTo("pit-id");
        List<FieldValue> after = back.searchAfter();
        assertThat(after.get(0).doubleValue()).isEqualTo(1.5);
        assertThat(after.get(1).longValue()).isEqualTo(1795744685628L);
        assertThat(after.get(2).stringValue()).isEqualTo("abc");
    }

    @Test
    void refusesGarbageAndCursorsOfOtherQueries() {
        String encoded = Cursor.of("p", List.of(FieldValue.of("x")), "fp").encode();
        assertThatThrownBy(() -> Cursor.decode(encoded, "other")).isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> Cursor.decode("%%%", "fp")).isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> Cursor.decode("e30", "fp")).isInstanceOf(InvalidParameterException.class);
    }
}
