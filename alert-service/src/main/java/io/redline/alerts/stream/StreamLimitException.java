package io.redline.alerts.stream;

/** Every alert stream slot of this instance is taken ({@code redline.alerts.stream.max-clients}): 503, retry later. */
public class StreamLimitException extends RuntimeException {

    public StreamLimitException(int max) {
        super("this instance serves at most " + max + " alert streams; retry shortly");
    }
}
