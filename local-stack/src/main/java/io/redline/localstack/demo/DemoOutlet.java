package io.redline.localstack.demo;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A fictional news outlet with a feed of its own on the demo server, registered in ingest with {@code domain} as its
 * declared outlet so that its articles count as that outlet's (the demo server itself has one host for all).
 *
 * @param key    slug naming it in {@code demo/outlets.list} and {@code demo/timed.list}; its feed is
 *               {@code /outlets/<key>.rss}
 * @param domain the outlet's domain, e.g. {@code baltic-herald.example} (the reserved {@code .example} names no real
 *               site)
 * @param name   the outlet's name, the feed's title
 */
public record DemoOutlet(String key, String domain, String name) implements DemoChannel {

    private static final Pattern DOMAIN = Pattern.compile("[a-z0-9]+(?:-[a-z0-9]+)*(?:\\.[a-z0-9]+(?:-[a-z0-9]+)*)+");

    public DemoOutlet {
        Objects.requireNonNull(key, "key");
        if (!DemoArticle.SLUG.matcher(key).matches()) {
            throw new IllegalArgumentException("outlet key '" + key + "' is not a slug like 'baltic-herald'");
        }
        if (domain == null || !DOMAIN.matcher(domain).matches()) {
            throw new IllegalArgumentException("outlet '" + key + "': '" + domain + "' is not a domain name");
        }
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("outlet '" + key + "' has no name");
        }
    }

    @Override
    public String path() {
        return "/outlets/" + key + ".rss";
    }

    @Override
    public DemoFeed.Format format() {
        return DemoFeed.Format.RSS;
    }

    @Override
    public String title() {
        return name;
    }

    @Override
    public String description() {
        return "News from " + name + " (" + domain + "), a demo outlet."
                + " Fictional content for demonstrating and testing Redline; not real news.";
    }
}
