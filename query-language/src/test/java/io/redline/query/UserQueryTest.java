package io.redline.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redline.query.UserQuery.And;
import io.redline.query.UserQuery.Kind;
import io.redline.query.UserQuery.Not;
import io.redline.query.UserQuery.Or;
import io.redline.query.UserQuery.Scope;
import io.redline.query.UserQuery.Term;
import java.util.List;
import org.junit.jupiter.api.Test;

class UserQueryTest {

    private static Term word(String w) {
        return new Term(Scope.ALL, Kind.WORD, w);
    }

    @Test
    void wordsAreAndedImplicitlyOrExplicitly() {
        assertThat(UserQuery.parse("missile strike")).isEqualTo(new And(List.of(word("missile"), word("strike"))));
        assertThat(UserQuery.parse("missile AND strike")).isEqualTo(UserQuery.parse("missile +strike"));
    }

    @Test
    void orBindsLooserThanAndAndNotNegatesOneTerm() {
        assertThat(UserQuery.parse("a b | c"))
                .isEqualTo(new Or(List.of(new And(List.of(word("a"), word("b"))), word("c"))));
        assertThat(UserQuery.parse("a -b")).isEqualTo(new And(List.of(word("a"), new Not(word("b")))));
        assertThat(UserQuery.parse("a NOT b")).isEqualTo(UserQuery.parse("a -b"));
        assertThat(UserQuery.parse("(a OR b) c"))
                .isEqualTo(new And(List.of(new Or(List.of(word("a"), word("b"))), word("c"))));
    }

    @Test
    void phrasesPrefixesAndTitleScope() {
        assertThat(UserQuery.parse("\"red line\"")).isEqualTo(new Term(Scope.ALL, Kind.PHRASE, "red line"));
        assertThat(UserQuery.parse("Gene*")).isEqualTo(new Term(Scope.ALL, Kind.PREFIX, "gene"));
        // A leading * is never a leading wildcard: it is dropped.
        assertThat(UserQuery.parse("*Gene")).isEqualTo(new Term(Scope.ALL, Kind.WORD, "Gene"));
        assertThat(UserQuery.parse("title:**gene")).isEqualTo(new Term(Scope.TITLE, Kind.WORD, "gene"));
        assertThat(UserQuery.parse("*gene*")).isEqualTo(new Term(Scope.ALL, Kind.PREFIX, "gene"));
        assertThat(UserQuery.parse("title:missile")).isEqualTo(new Term(Scope.TITLE, Kind.WORD, "missile"));
        assertThat(UserQuery.parse("title:\"red line\"")).isEqualTo(new Term(Scope.TITLE, Kind.PHRASE, "red line"));
        assertThat(UserQuery.parse("analysis.level:HIGH")).isEqualTo(word("analysis.level:HIGH"));
    }

    @Test
    void brokenSyntaxNeverFails() {
        assertThat(UserQuery.parse("(a OR b")).isEqualTo(new Or(List.of(word("a"), word("b"))));
        assertThat(UserQuery.parse("a) b")).isEqualTo(new And(List.of(word("a"), word("b"))));
        assertThat(UserQuery.parse("\"unterminated phrase"))
                .isEqualTo(new Term(Scope.ALL, Kind.PHRASE, "unterminated phrase"));
        assertThat(UserQuery.parse("OR AND NOT -")).isNull();
        assertThat(UserQuery.parse("  ")).isNull();
    }

    @Test
    void oversizedQueriesAreRefusedNamingQ() {
        assertThatThrownBy(() -> UserQuery.parse("a".repeat(501)))
                .isInstanceOf(InvalidParameterException.class)
                .extracting(e -> ((InvalidParameterException) e).parameter())
                .isEqualTo("q");
        assertThatThrownBy(() -> UserQuery.parse("w ".repeat(33))).isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> UserQuery.parse("(".repeat(9) + "a")).isInstanceOf(InvalidParameterException.class);
    }

    @Test
    void prefixesShorterThanThreeLettersOrDigitsAreRefusedNamingQAndTheRule() {
        for (String q : List.of("a*", "ab*", "title:ab*", "missile OR a*", "-ab*", "a-b*", "é*")) {
            assertThatThrownBy(() -> UserQuery.parse(q))
                    .as(q)
                    .isInstanceOf(InvalidParameterException.class)
                    .hasMessageContaining("at least 3")
                    .extracting(e -> ((InvalidParameterException) e).parameter())
                    .isEqualTo("q");
        }
        assertThat(UserQuery.parse("abc*")).isEqualTo(new Term(Scope.ALL, Kind.PREFIX, "abc"));
        assertThat(UserQuery.parse("kra*")).isEqualTo(new Term(Scope.ALL, Kind.PREFIX, "kra"));
        // A word that merely contains a * or starts with one is no prefix, and "*" alone searches nothing.
        assertThat(UserQuery.parse("*ab")).isEqualTo(new Term(Scope.ALL, Kind.WORD, "ab"));
        assertThat(UserQuery.parse("*")).isNull();
    }
}
