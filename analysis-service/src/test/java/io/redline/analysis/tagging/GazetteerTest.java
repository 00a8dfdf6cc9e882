package io.redline.analysis.tagging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Names in their own script with their inflections (prefix names), and romanised look-ups of Cyrillic names. */
class GazetteerTest {

    private static List<String> codes(Gazetteer g, String sentence) {
        return g.find(Tokenizer.tokenize(sentence)).stream()
                .map(Gazetteer.Mention::code)
                .toList();
    }

    @Test
    void prefixNamesMatchInflectedFormsWithTheirCase(@TempDir Path dir) throws IOException {
        Path extra = dir.resolve("extra.tsv");
        Files.writeString(extra, "XAA\tЗамбези*|заморск*\n");
        Gazetteer g = Gazetteer.load(extra);
        assertThat(codes(g, "Войска Замбезии и заморские силы")).containsExactly("XAA", "XAA");
        // A capitalised prefix stays case-sensitive: the common noun "замбезия" is not the name.
        assertThat(codes(g, "над замбезией")).isEmpty();
    }

    @Test
    void cyrillicNamesWithoutANativeFormAreFoundThroughTheirRomanisation(@TempDir Path dir) throws IOException {
        Path extra = dir.resolve("extra.tsv");
        Files.writeString(extra, "XBB\tKovalchuk|Tarasenko\n");
        Gazetteer g = Gazetteer.load(extra);
        assertThat(codes(g, "Встреча с Ковальчуком и Тарасенко")).containsExactly("XBB", "XBB");
        assertThat(codes(g, "ковальчук")).isEmpty(); // not a proper name in lower case
    }

    @Test
    void shippedGazetteerKnowsNativeNames() {
        Gazetteer g = Gazetteer.defaults();
        assertThat(codes(g, "Путина и Рябкова")).containsOnly("RUS");
    }
}
