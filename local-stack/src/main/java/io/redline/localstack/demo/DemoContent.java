package io.redline.localstack.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The demo writing the feed server publishes, read from the classpath under {@code demo/}.
 *
 * <h2>Format</h2>
 * <ul>
 *   <li>{@code demo/initial.list}: the articles the feeds hold at start-up, oldest first, one
 *       {@code <feed> <article id>} per line, with feed one of {@code world}, {@code security},
 *       {@code diplomacy}.</li>
 *   <li>{@code demo/pool.list}: the articles the live drip publishes, one id per line, in order.</li>
 *   <li>{@code demo/articles/<id>.txt}: one article. A header of {@code key: value} lines, a blank line,
 *       then the body as paragraphs separated by blank lines (a paragraph may wrap over several lines).
 *       Header keys, all required: {@code title}, {@code author}, {@code kind} (escalatory,
 *       deescalatory or neutral), {@code category} (comma-separated, the first is the section) and
 *       {@code summary}.</li>
 * </ul>
 * In the lists, blank lines and lines starting with {@code #} are ignored. Files are UTF-8 and hold
 * plain text: the server does all HTML and XML escaping.
 *
 * @param initial the start-up articles with their feeds, oldest first
 * @param pool    the articles the live drip rotates through
 */
public record DemoContent(List<InitialArticle> initial, List<DemoArticle> pool) {

    /** Where the content lives on the classpath. */
    public static final String RESOURCE_ROOT = "/demo/";

    /** A start-up article and the feed it appears in. */
    public record InitialArticle(DemoFeed feed, DemoArticle article) {}

    private static final Set<String> HEADER_KEYS = Set.of("title", "author", "kind", "category", "summary");

    public DemoContent {
        initial = List.copyOf(initial);
        pool = List.copyOf(pool);
        if (initial.isEmpty()) {
            throw new IllegalArgumentException("demo content has no initial articles");
        }
        if (pool.isEmpty()) {
            // The drip would have nothing to publish; fail here rather than at the first tick.
            throw new IllegalArgumentException("demo content has no pool articles for the live drip");
        }
        Set<String> ids = new HashSet<>();
        for (InitialArticle entry : initial) {
            if (!ids.add(entry.article().id())) {
                throw new IllegalArgumentException("article '" + entry.article().id() + "' is listed twice");
            }
        }
    }

    /** Reads the content shipped with this module. */
    public static DemoContent load() {
        List<InitialArticle> initial = new ArrayList<>();
        for (String line : manifestLines("initial.list")) {
            String[] parts = line.split("\\s+");
            if (parts.length != 2) {
                throw new IllegalArgumentException(
                        "demo/initial.list: expected '<feed> <article id>' but found '" + line + "'");
            }
            initial.add(new InitialArticle(DemoFeed.fromKey(parts[0]), loadArticle(parts[1])));
        }
        List<DemoArticle> pool = new ArrayList<>();
        for (String line : manifestLines("pool.list")) {
            pool.add(loadArticle(line));
        }
        return new DemoContent(initial, pool);
    }

    /** Every article once, initial ones first: for tests and for listing the demo's writing. */
    public List<DemoArticle> allArticles() {
        List<DemoArticle> all = new ArrayList<>();
        initial.forEach(entry -> all.add(entry.article()));
        all.addAll(pool);
        return all;
    }

    /** Parses one article file; {@code id} comes from the file name. */
    static DemoArticle parseArticle(String id, String text) {
        String[] lines = text.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
        Map<String, String> header = new LinkedHashMap<>();
        int i = 0;
        for (; i < lines.length && !lines[i].isBlank(); i++) {
            String line = lines[i];
            int colon = line.indexOf(':');
            String key = colon < 0 ? "" : line.substring(0, colon).trim();
            if (!HEADER_KEYS.contains(key)) {
                throw new IllegalArgumentException("article '" + id + "', line " + (i + 1)
                        + ": expected a header 'key: value' with key one of " + HEADER_KEYS + " but found '"
                        + line + "'");
            }
            if (header.put(key, line.substring(colon + 1).trim()) != null) {
                throw new IllegalArgumentException("article '" + id + "': header '" + key + "' given twice");
            }
        }
        for (String key : HEADER_KEYS) {
            if (!header.containsKey(key)) {
                throw new IllegalArgumentException("article '" + id + "' has no '" + key + ":' header");
            }
        }

        List<String> paragraphs = new ArrayList<>();
        StringBuilder paragraph = new StringBuilder();
        for (; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                flush(paragraph, paragraphs);
            } else {
                if (paragraph.length() > 0) {
                    paragraph.append(' ');
                }
                paragraph.append(line);
            }
        }
        flush(paragraph, paragraphs);

        List<String> categories = Arrays.stream(header.get("category").split(","))
                .map(String::trim)
                .filter(category -> !category.isEmpty())
                .toList();
        return new DemoArticle(
                id,
                header.get("title"),
                header.get("author"),
                ArticleKind.fromLabel(header.get("kind")),
                categories,
                header.get("summary"),
                paragraphs);
    }

    private static void flush(StringBuilder paragraph, List<String> paragraphs) {
        if (paragraph.length() > 0) {
            paragraphs.add(paragraph.toString());
            paragraph.setLength(0);
        }
    }

    private static DemoArticle loadArticle(String id) {
        if (!DemoArticle.SLUG.matcher(id).matches()) {
            // Checked before building a resource path from it.
            throw new IllegalArgumentException("article id '" + id + "' is not a slug like 'talks-in-geneva'");
        }
        return parseArticle(id, resource("articles/" + id + ".txt"));
    }

    private static List<String> manifestLines(String name) {
        return resource(name)
                .lines()
                .map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .toList();
    }

    private static String resource(String name) {
        String path = RESOURCE_ROOT + name;
        try (InputStream in = DemoContent.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("demo content resource " + path + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }
}
