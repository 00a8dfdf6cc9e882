package io.redline.localstack.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Checks the shipped demo writing against what the demo and the tagger's tests rely on. */
class DemoContentTest {

    private final DemoContent content = DemoContent.load();

    @Test
    void shipsAtLeastFifteenInitialArticlesSpreadOverAllThreeFeeds() {
        assertThat(content.initial()).hasSizeGreaterThanOrEqualTo(15);
        Map<DemoFeed, Integer> perFeed = new EnumMap<>(DemoFeed.class);
        content.initial().forEach(entry -> perFeed.merge(entry.feed(), 1, Integer::sum));
        assertThat(perFeed.keySet()).containsExactlyInAnyOrder(DemoFeed.values());
        assertThat(perFeed.values()).allSatisfy(count -> assertThat(count).isGreaterThanOrEqualTo(3));
    }

    @Test
    void initialArticlesMixEscalatoryDeescalatoryAndNeutral() {
        Map<ArticleKind, Integer> kinds = countKinds(content.initial().stream()
                .map(DemoContent.InitialArticle::article)
                .toList());
        assertThat(kinds.getOrDefault(ArticleKind.ESCALATORY, 0)).isGreaterThanOrEqualTo(6);
        assertThat(kinds.getOrDefault(ArticleKind.DEESCALATORY, 0)).isGreaterThanOrEqualTo(4);
        assertThat(kinds.getOrDefault(ArticleKind.NEUTRAL, 0)).isGreaterThanOrEqualTo(3);
    }

    @Test
    void dripPoolHasAtLeastEightArticlesOfEveryKind() {
        assertThat(content.pool()).hasSizeGreaterThanOrEqualTo(8);
        assertThat(countKinds(content.pool()).keySet()).containsExactlyInAnyOrder(ArticleKind.values());
    }

    @Test
    void everyArticleBodyHasBetween150And400Words() {
        assertThat(content.allArticles())
                .allSatisfy(article ->
                        assertThat(article.bodyWordCount()).as(article.id()).isBetween(150, 400));
    }

    @Test
    void everyArticleHasMetadataAndSeveralParagraphs() {
        assertThat(content.allArticles()).allSatisfy(article -> {
            assertThat(article.title()).as(article.id()).isNotBlank();
            assertThat(article.author()).as(article.id()).isNotBlank();
            assertThat(article.categories()).as(article.id()).isNotEmpty();
            assertThat(article.summary()).as(article.id()).isNotBlank();
            assertThat(article.paragraphs()).as(article.id()).hasSizeGreaterThanOrEqualTo(3);
        });
    }

    @Test
    void articleIdsAreUnique() {
        Set<String> ids = new HashSet<>();
        assertThat(content.allArticles())
                .allSatisfy(article -> assertThat(ids.add(article.id()))
                        .as("duplicate id " + article.id())
                        .isTrue());
    }

    @Test
    void parsesHeaderAndWrappedParagraphs() {
        DemoArticle article = DemoContent.parseArticle("talks-resume", """
                title: Talks resume
                author: A. Writer
                kind: de-escalatory
                category: Diplomacy, Talks
                summary: They talk again.

                First paragraph
                wraps here.

                Second paragraph.
                """);

        assertThat(article.kind()).isEqualTo(ArticleKind.DEESCALATORY);
        assertThat(article.categories()).containsExactly("Diplomacy", "Talks");
        assertThat(article.paragraphs()).containsExactly("First paragraph wraps here.", "Second paragraph.");
    }

    @Test
    void rejectsAnArticleWithAnUnknownHeaderNamingTheLine() {
        assertThatThrownBy(() -> DemoContent.parseArticle("bad", """
                title: T
                auther: typo
                """))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("article 'bad', line 2")
                .hasMessageContaining("auther: typo");
    }

    @Test
    void rejectsAnArticleWithoutAKind() {
        assertThatThrownBy(() -> DemoContent.parseArticle("bad", """
                title: T
                author: A
                category: C
                summary: S

                Body.
                """))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no 'kind:' header");
    }

    @Test
    void rejectsAnUnknownKind() {
        assertThatThrownBy(() -> ArticleKind.fromLabel("alarming"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("alarming");
    }

    private static Map<ArticleKind, Integer> countKinds(List<DemoArticle> articles) {
        Map<ArticleKind, Integer> kinds = new EnumMap<>(ArticleKind.class);
        articles.forEach(article -> kinds.merge(article.kind(), 1, Integer::sum));
        return kinds;
    }
}
