package io.redline.ingest.registry;

import java.net.InetAddress;

/** Names this ingest-service process in feed state and Kafka client ids. */
public final class IngestInstance {

    private IngestInstance() {}

    /** Host name and process id, e.g. {@code ingest-7f9c-4121}: unique per process, readable in {@code /api/feeds}. */
    public static String defaultId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "ingest";
        }
        return host + "-" + ProcessHandle.current().pid();
    }
}
