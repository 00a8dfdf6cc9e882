package io.redline.localstack.demo;

import java.util.Locale;

/** The three feeds the demo server publishes, each with its path, format and channel text. */
public enum DemoFeed implements DemoChannel {
    WORLD(
            "world",
            "/feeds/world.rss",
            Format.RSS,
            "Redline Demo Wire: World",
            "World news from the Redline demo wire."),
    SECURITY(
            "security",
            "/feeds/security.atom",
            Format.ATOM,
            "Redline Demo Wire: Security & Defence",
            "Defence, security and cyber news from the Redline demo wire."),
    DIPLOMACY(
            "diplomacy",
            "/feeds/diplomacy.rss",
            Format.RSS,
            "Redline Demo Wire: Diplomacy",
            "Talks, treaties and sanctions from the Redline demo wire.");

    /** The two syndication formats ingest must read, one feed of each at least. */
    public enum Format {
        RSS("RSS 2.0", "application/rss+xml; charset=utf-8"),
        ATOM("Atom 1.0", "application/atom+xml; charset=utf-8");

        private final String label;
        private final String contentType;

        Format(String label, String contentType) {
            this.label = label;
            this.contentType = contentType;
        }

        /** Name and version for people, e.g. "Atom 1.0". */
        public String label() {
            return label;
        }

        /** Content-Type header value, with the charset so clients never guess. */
        public String contentType() {
            return contentType;
        }
    }

    private final String key;
    private final String path;
    private final Format format;
    private final String title;
    private final String description;

    DemoFeed(String key, String path, Format format, String title, String description) {
        this.key = key;
        this.path = path;
        this.format = format;
        this.title = title;
        this.description = description;
    }

    /** Short name used in {@code demo/initial.list}: world, security or diplomacy. */
    @Override
    public String key() {
        return key;
    }

    /** Path on the server, starting with a slash. */
    @Override
    public String path() {
        return path;
    }

    @Override
    public Format format() {
        return format;
    }

    @Override
    public String title() {
        return title;
    }

    /** Channel description; says the content is fictional so nobody mistakes it for news. */
    @Override
    public String description() {
        return description + " Fictional content for demonstrating and testing Redline; not real news.";
    }

    /** The feed named {@code key} in a content manifest. */
    public static DemoFeed fromKey(String key) {
        String wanted = key.trim().toLowerCase(Locale.ROOT);
        for (DemoFeed feed : values()) {
            if (feed.key.equals(wanted)) {
                return feed;
            }
        }
        throw new IllegalArgumentException("unknown feed '" + key + "', expected world, security or diplomacy");
    }
}
