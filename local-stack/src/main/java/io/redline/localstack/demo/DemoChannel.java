package io.redline.localstack.demo;

/** A feed the demo server publishes: one of the three demo wire feeds or a demo outlet's own feed. */
public sealed interface DemoChannel permits DemoFeed, DemoOutlet {

    /** Short name used in the content manifests. */
    String key();

    /** Path on the server, starting with a slash. */
    String path();

    DemoFeed.Format format();

    String title();

    /** Channel description; says the content is fictional. */
    String description();
}
