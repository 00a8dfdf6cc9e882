package io.redline.localstack.demo;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One piece of demo writing as stored under {@code demo/articles/}: text and metadata, not yet published.
 *
 * @param id         URL-safe slug, also the file name without {@code .txt}
 * @param title      headline, plain text
 * @param author     byline, plain text
 * @param kind       what the article is meant to show (never served)
 * @param categories feed categories, first one is the section
 * @param summary    one or two plain-text sentences
 * @param paragraphs body paragraphs, plain text
 */
public record DemoArticle(
        String id,
        String title,
        String author,
        ArticleKind kind,
        List<String> categories,
        String summary,
        List<String> paragraphs) {

    /** Lower-case words joined by single hyphens: safe in a URL path, a guid and a file name. */
    static final Pattern SLUG = Pattern.compile("[a-z0-9]+(?:-[a-z0-9]+)*");

    public DemoArticle {
        Objects.requireNonNull(id, "id");
        if (!SLUG.matcher(id).matches()) {
            throw new IllegalArgumentException("article id '" + id + "' is not a slug like 'talks-in-geneva'");
        }
        requireText(title, "title", id);
        requireText(author, "author", id);
        Objects.requireNonNull(kind, "kind");
        requireText(summary, "summary", id);
        categories = List.copyOf(categories);
        paragraphs = List.copyOf(paragraphs);
        if (paragraphs.isEmpty()) {
            throw new IllegalArgumentException("article '" + id + "' has no body paragraphs");
        }
    }

    /** The same writing under another id, which is how the live drip makes a repeat look new downstream. */
    public DemoArticle withId(String newId) {
        return new DemoArticle(newId, title, author, kind, categories, summary, paragraphs);
    }

    /** Words in the body paragraphs (title and summary not counted), for checking article length. */
    public int bodyWordCount() {
        int words = 0;
        for (String paragraph : paragraphs) {
            words += paragraph.trim().split("\\s+").length;
        }
        return words;
    }

    private static void requireText(String value, String field, String id) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("article '" + id + "' has no " + field);
        }
    }
}
