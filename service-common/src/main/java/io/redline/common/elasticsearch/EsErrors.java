package io.redline.common.elasticsearch;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.transport.TransportException;
import org.elasticsearch.client.ResponseException;

/** Reads the HTTP status Elasticsearch answered with out of whichever client exception carries it. */
public final class EsErrors {

    private EsErrors() {}

    /** The HTTP status in {@code e} or one of its causes, or -1 when no answer came (no connection, timeout). */
    public static int httpStatus(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ElasticsearchException ee) {
                return ee.status();
            }
            if (t instanceof ResponseException re) {
                return re.getResponse().getStatusLine().getStatusCode();
            }
            if (t instanceof TransportException te && te.statusCode() > 0) {
                return te.statusCode();
            }
        }
        return -1;
    }
}
