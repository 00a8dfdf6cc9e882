package io.redline.localstack.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The demo writing the feed server publishes, read from the classpath under {@code demo/}.
 *
 * <h2>Format</h2>
 * <ul>
 *   <li>{@code demo/initial.list}: the articles the feeds hold at start-up, oldest first, one
 *       {@code <feed> <article id>} per line, with feed one of {@code world}, {@code security},
 *       {@code diplomacy}.</li>
 *   <li>{@code demo/pool.list}: the articles the live drip publishes, one id per line, in order.</li>
 *   <li>{@code demo/outlets.list}: the demo outlets, one {@code <key> <domain> <name>} per line; each has a feed of
 *       its own ({@link DemoOutlet}).</li>
 *   <li>{@code demo/timed.list}: articles published at a set age before the start, one
 *       {@code <outlet> <article id> <age> [burst]} per line, the age like {@code 45m}, {@code 3h20m} or
 *       {@code 7d25m}; {@code burst} marks the deliberate burst and its baseline, published only when the burst is
 *       on ({@link DemoFeedOptions#defaultBurst()}). One article may be listed for several outlets: a wire text
 *       carried by each.</li>
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
 * @param outlets the demo outlets with feeds of their own
 * @param timed   the articles published at a set age before the start, in their outlets' feeds
 */
public record DemoContent(
        List<InitialArticle> initial, List<DemoArticle> pool, List<DemoOutlet> outlets, List<TimedArticle> timed) {

    /** Where the content lives on the classpath. */
    public static final String RESOURCE_ROOT = "/demo/";

    /** A start-up article and the feed it appears in. */
    public record InitialArticle(DemoFeed feed, DemoArticle article) {}

    /**
     * An article published {@code age} before the server's start in an outlet's feed.
     *
     * @param burst whether it belongs to the deliberate burst (or its baseline weeks), left out when the burst is off
     */
    public record TimedArticle(DemoOutlet outlet, DemoArticle article, Duration age, boolean burst) {

        public TimedArticle {
            if (age.isNegative()) {
                throw new IllegalArgumentException("article '" + article.id() + "' has a negative age " + age);
            }
        }

        /** The id it is served under: the same text in two outlets' feeds is two articles. */
        public String servedId() {
            return article.id() + "-" + outlet.key();
        }
    }

    private static final Pattern AGE = Pattern.compile("(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?");

    private static final Set<String> HEADER_KEYS = Set.of("title", "author", "kind", "category", "summary");

    public DemoContent {
        initial = List.copyOf(initial);
        pool = List.copyOf(pool);
        outlets = List.copyOf(outlets);
        timed = List.copyOf(timed);
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
        Set<String> outletKeys = new HashSet<>();
        for (DemoOutlet outlet : outlets) {
            if (!outletKeys.add(outlet.key())) {
                throw new IllegalArgumentException("outlet '" + outlet.key() + "' is listed twice");
            }
        }
        for (TimedArticle entry : timed) {
            if (!outlets.contains(entry.outlet())) {
                throw new IllegalArgumentException("article '" + entry.article().id() + "' is in outlet '"
                        + entry.outlet().key() + "', which is not among the outlets");
            }
            if (!ids.add(entry.servedId())) {
                throw new IllegalArgumentException("article '" + entry.article().id() + "' is listed twice for outlet "
                        + entry.outlet().key());
            }
        }
    }

    /** Content without outlets or timed articles. */
    public DemoContent(List<InitialArticle> initial, List<DemoArticle> pool) {
        this(initial, pool, List.of(), List.of());
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
        Map<String, DemoOutlet> outlets = new LinkedHashMap<>();
        for (String line : manifestLines("outlets.list")) {
            String[] parts = line.split("\\s+", 3);
            if (parts.length != 3) {
                throw new IllegalArgumentException(
                        "demo/outlets.list: expected '<key> <domain> <name>' but found '" + line + "'");
            }
            outlets.put(parts[0], new DemoOutlet(parts[0], parts[1], parts[2]));
        }
        Map<String, DemoArticle> loaded = new LinkedHashMap<>();
        List<TimedArticle> timed = new ArrayList<>();
        for (String line : manifestLines("timed.list")) {
            String[] parts = line.split("\\s+");
            boolean burst = parts.length == 4 && parts[3].equals("burst");
            if (parts.length != 3 && !burst) {
                throw new IllegalArgumentException(
                        "demo/timed.list: expected '<outlet> <article id> <age> [burst]' but found '" + line + "'");
            }
            DemoOutlet outlet = outlets.get(parts[0]);
            if (outlet == null) {
                throw new IllegalArgumentException("demo/timed.list: unknown outlet '" + parts[0] + "' in '" + line
                        + "'; outlets are " + outlets.keySet());
            }
            DemoArticle article = loaded.computeIfAbsent(parts[1], DemoContent::loadArticle);
            timed.add(new TimedArticle(outlet, article, parseAge(parts[2]), burst));
        }
        return new DemoContent(initial, pool, List.copyOf(outlets.values()), timed);
    }

    /** Every article once, initial ones first, then the pool and the timed ones: for tests and for listing. */
    public List<DemoArticle> allArticles() {
        List<DemoArticle> all = new ArrayList<>();
        initial.forEach(entry -> all.add(entry.article()));
        all.addAll(pool);
        Set<String> seen = new HashSet<>();
        all.forEach(article -> seen.add(article.id()));
        for (TimedArticle entry : timed) {
            if (seen.add(entry.article().id())) {
                all.add(entry.article());
            }
        }
        return all;
    }

    /** Reads an age such as {@code 45m}, {@code 3h20m}, {@code 7d} or {@code 14d2h30m}. */
    static Duration parseAge(String text) {
        Matcher matcher = AGE.matcher(text);
        if (text.isEmpty() || !matcher.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not an age like 45m, 3h20m or 7d25m");
        }
        Duration age = Duration.ZERO;
        if (matcher.group(1) != null) {
            age = age.plusDays(Long.parseLong(matcher.group(1)));
        }
        if (matcher.group(2) != null) {
            age = age.plusHours(Long.parseLong(matcher.group(2)));
        }
        if (matcher.group(3) != null) {
            age = age.plusMinutes(Long.parseLong(matcher.group(3)));
        }
        return age;
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
