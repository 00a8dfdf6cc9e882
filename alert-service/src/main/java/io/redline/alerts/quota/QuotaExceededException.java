package io.redline.alerts.quota;

/**
 * A request that would take an owner past a quota: 422 for a count limit, 429 (with Retry-After) for the hourly
 * alert limit; the problem names the limit, its value and its setting ({@link QuotaProblems}).
 */
public class QuotaExceededException extends RuntimeException {

    private final int status;
    private final String limit;
    private final Integer value;
    private final String setting;
    private final Long retryAfterSeconds;

    public QuotaExceededException(
            int status, String limit, Integer value, String setting, Long retryAfterSeconds, String detail) {
        super(detail);
        this.status = status;
        this.limit = limit;
        this.value = value;
        this.setting = setting;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** A count limit exceeded (422): {@code what} says what there would be too many of. */
    static QuotaExceededException count(
            Limit limit, QuotaLimits limits, boolean overridden, String owner, String what) {
        int value = limits.value(limit);
        return new QuotaExceededException(
                422,
                limit.limitName(),
                value,
                limit.setting(),
                null,
                what + ": the limit " + limit.limitName() + " is " + value + " for owner '" + owner + "' ("
                        + source(limit, overridden) + ")");
    }

    /** Where a limit's value comes from, for the problem detail. */
    static String source(Limit limit, boolean overridden) {
        return overridden
                ? "set for this owner by an admin through /api/quotas; default " + limit.setting()
                : "setting " + limit.setting() + "; an admin may raise it for one owner through /api/quotas";
    }

    public int status() {
        return status;
    }

    public String limit() {
        return limit;
    }

    public Integer value() {
        return value;
    }

    public String setting() {
        return setting;
    }

    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
