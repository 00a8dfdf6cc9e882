package io.redline.alerts.subscription;

import io.redline.alerts.subscription.Subscription.Channel;
import io.redline.alerts.subscription.Subscription.ChannelType;
import io.redline.alerts.subscription.Subscription.Mode;
import io.redline.alerts.subscription.Subscription.QuietHours;
import io.redline.alerts.subscription.SubscriptionRequest.ChannelRequest;
import io.redline.contracts.EscalationLevel;
import io.redline.contracts.SignalType;
import io.redline.query.ArticleFilters;
import io.redline.query.InvalidParameterException;
import io.redline.query.SubscriptionQuery;
import io.redline.query.UserQuery;
import io.redline.query.lucene.ArticleDocument;
import io.redline.query.lucene.LuceneQueries;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.SecureRandom;
import java.time.DateTimeException;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.apache.lucene.analysis.Analyzer;

/**
 * Turns a {@link SubscriptionRequest} into a valid {@link Subscription}, or refuses it with an
 * {@link InvalidParameterException} naming the body field ({@code query}, {@code filters.level},
 * {@code channels[0].url}, ...), which the search API's problem mapper answers as a 400.
 *
 * <p>The query and filters go through the search API's own parsers and the matcher's translation, so a subscription
 * is accepted exactly when the same search would be and the matcher can run it. Channel URLs are checked for syntax,
 * scheme, credentials and length only; the address check (SSRF guard) happens at send time, when the name is
 * resolved for the actual connection.
 */
public final class SubscriptionValidator {

    static final int MAX_NAME = 200;
    static final int MAX_FILTER_NAMES = ArticleFilters.PARAMETERS.size();
    /** Longest filter value (domains, feed ids, dates are far shorter); keeps a record well under Kafka's 1 MB. */
    static final int MAX_FILTER_VALUE = 100;

    static final int MAX_VALUES = SubscriptionQuery.MAX_VALUES;
    static final int MAX_ACTOR = 64;
    /**
     * Structural ceilings (400); the per-owner quotas below them (10 channels, 20 addresses by default) answer 422
     * and an admin may raise them up to these ({@code io.redline.alerts.quota.Quotas}).
     */
    static final int MAX_CHANNELS = io.redline.alerts.quota.Quotas.MAX_CHANNELS;

    static final int MAX_URL = 2048;
    static final int MAX_ADDRESSES = io.redline.alerts.quota.Quotas.MAX_RECIPIENTS;
    static final int MAX_ADDRESS = 254;
    static final int MAX_CHANNEL_ID = 64;
    /** Longest morning brief window, in hours (three days: a brief after a long weekend). */
    public static final int MAX_BRIEF_HOURS = 72;

    /**
     * A conservative address syntax (jakarta.mail is not on this service's classpath): dot-atom local part, host
     * name of letter/digit/hyphen labels with an alphabetic top-level label; no quoted local parts, no IP literals.
     */
    private static final Pattern EMAIL =
            Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
                    + "@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,63}");

    private static final Pattern IPV4_LOOPBACK = Pattern.compile("127(?:\\.\\d{1,3}){3}");
    private static final Pattern QUIET_TIME = Pattern.compile("\\d{2}:\\d{2}");
    private static final SecureRandom RANDOM = new SecureRandom();
    /** The matcher's analyzer, shared: analyzers are thread-safe and costly to build. */
    private static final Analyzer ANALYZER = ArticleDocument.analyzer();

    private final boolean allowHttp;
    private final Set<String> httpHosts;

    /**
     * @param allowHttp accept {@code http://} channel URLs for loopback hosts ({@code redline.alerts.allow-http},
     *                  meant for the demo and test profiles only)
     */
    public SubscriptionValidator(boolean allowHttp) {
        this(allowHttp, List.of());
    }

    /**
     * As {@link #SubscriptionValidator(boolean)}, and when {@code allowHttp} also {@code http://} URLs whose host is
     * one of the host names on {@code allow} ({@code redline.alerts.allow}): the compose demo's receiver container
     * is reached by its service name. Both settings are off by default; an operator names each such host.
     */
    public SubscriptionValidator(boolean allowHttp, List<String> allow) {
        this.allowHttp = allowHttp;
        Set<String> hosts = new TreeSet<>();
        for (String entry : allow) {
            String e = entry.strip().toLowerCase(Locale.ROOT);
            // Host names only: a CIDR or an address on the list opens the SSRF guard, not plain http.
            if (!e.isEmpty() && !e.contains("/") && !e.contains(":") && !e.matches("[0-9.]+")) {
                hosts.add(e);
            }
        }
        this.httpHosts = Set.copyOf(hosts);
    }

    /**
     * The subscription a request describes, with id {@code id}. {@code old} is the stored version on an update (its
     * channels keep their ids and disabled state when unchanged), null on create. Timestamps, owner and secrets are
     * copied from {@code old} (or left empty): the store sets them.
     */
    public Subscription validate(String id, SubscriptionRequest r, Subscription old) {
        if (r == null) {
            throw new InvalidParameterException("body", "a JSON subscription is required");
        }
        String name = name(r.name());
        String query =
                r.query() == null || r.query().isBlank() ? null : r.query().strip();
        // The search API's parser names "q"; in this body the field is "query".
        UserQuery.Node parsed;
        try {
            parsed = UserQuery.parse(query);
        } catch (InvalidParameterException e) {
            throw rename(e, "query");
        }
        if (query != null && parsed == null) {
            // The search API answers such a q with no hits; a subscription would silently never fire.
            throw new InvalidParameterException("query", "holds no word to search for");
        }
        Map<String, List<String>> filters = filters(r.filters());
        EscalationLevel minLevel = r.minLevel() == null || r.minLevel().isBlank()
                ? null
                : enumValue("minLevel", r.minLevel(), EscalationLevel.class);
        if (r.minScore() != null && (r.minScore() < 0 || r.minScore() > 100)) {
            throw new InvalidParameterException("minScore", "must be between 0 and 100");
        }
        if (r.minOutlets() != null && (r.minOutlets() < 1 || r.minOutlets() > 100)) {
            throw new InvalidParameterException("minOutlets", "must be between 1 and 100");
        }
        List<SignalType> signals = signals(r.signals());
        List<String> actors = actors(r.actors());
        Mode mode = r.mode() == null || r.mode().isBlank() ? Mode.IMMEDIATE : enumValue("mode", r.mode(), Mode.class);
        String timeZone = timeZone(r.timeZone());
        QuietHours quiet = quietHours(r.quietHours());
        List<Channel> channels = channels(r.channels(), old == null ? List.of() : old.channels());
        String kind = kind(r.kind());
        SpikeCondition spike = spike(kind, r.spike());
        Subscription.BriefSchedule brief = brief(r.brief());
        Subscription s = new Subscription(
                id,
                name,
                old == null ? null : old.owner(),
                query,
                filters,
                minLevel,
                r.minScore(),
                signals,
                actors,
                mode,
                timeZone,
                quiet,
                channels,
                old == null ? List.of() : old.webhookSecrets(),
                old == null ? null : old.createdAt(),
                old == null ? null : old.updatedAt(),
                r.enabled() == null || r.enabled(),
                kind,
                spike,
                r.minOutlets(),
                brief);
        compiles(s);
        return s;
    }

    /**
     * Fails unless the matcher can run the subscription: builds its {@link SubscriptionQuery} and translates it as
     * the matcher would (the stored JSON is re-checked this way when read back, see {@code SubscriptionStore}).
     */
    static void compiles(Subscription s) {
        SubscriptionQuery q;
        try {
            q = s.toQuery();
            new LuceneQueries(ANALYZER).subscription(q);
        } catch (InvalidParameterException e) {
            throw rename(e, fieldOf(e.parameter()));
        }
    }

    /** The body field a search-API parameter name stands for. */
    private static String fieldOf(String parameter) {
        if (parameter.equals("q")) {
            return "query";
        }
        if (parameter.equals("signal") || parameter.equals("actor")) {
            return parameter + "s"; // validated per field before; only SubscriptionQuery's own limits land here
        }
        return ArticleFilters.PARAMETERS.contains(parameter) ? "filters." + parameter : parameter;
    }

    private static InvalidParameterException rename(InvalidParameterException e, String field) {
        String message = e.getMessage();
        String prefix = e.parameter() + ": ";
        return new InvalidParameterException(
                field, message.startsWith(prefix) ? message.substring(prefix.length()) : message);
    }

    /** {@code articles} (default) or {@code spike}. */
    static String kind(String kind) {
        if (kind == null || kind.isBlank()) {
            return Subscription.ARTICLES;
        }
        String k = kind.strip().toLowerCase(Locale.ROOT);
        if (!k.equals(Subscription.ARTICLES) && !k.equals(Subscription.SPIKE)) {
            throw new InvalidParameterException("kind", "must be articles or spike");
        }
        return k;
    }

    /** The stored spike condition of a {@code spike} subscription, defaults filled in; null for other kinds. */
    static SpikeCondition spike(String kind, SpikeCondition r) {
        if (!Subscription.SPIKE.equals(kind)) {
            if (r != null) {
                throw new InvalidParameterException("spike", "only with kind spike");
            }
            return null;
        }
        SpikeCondition c = r == null ? new SpikeCondition(null, null, null, null) : r;
        Set<String> kinds = new LinkedHashSet<>();
        for (String k : c.kinds()) {
            String v = k.strip().toLowerCase(Locale.ROOT);
            if (!List.of("actor", "signal", "dyad").contains(v)) {
                throw new InvalidParameterException("spike.kinds", "must be actor, signal or dyad, not '" + k + "'");
            }
            kinds.add(v);
        }
        if (kinds.isEmpty()) {
            kinds.addAll(List.of("actor", "signal", "dyad"));
        }
        if (c.keys().size() > MAX_VALUES) {
            throw new InvalidParameterException("spike.keys", "at most " + MAX_VALUES + " keys");
        }
        Set<String> keys = new LinkedHashSet<>();
        for (String key : c.keys()) {
            String v = key.strip().toUpperCase(Locale.ROOT);
            if (v.isEmpty() || v.length() > 2 * MAX_ACTOR + 1) {
                throw new InvalidParameterException(
                        "spike.keys", "each key must be 1-" + (2 * MAX_ACTOR + 1) + " characters");
            }
            keys.add(v);
        }
        double minScore = c.minScore() == null ? 3.0 : c.minScore();
        if (!(minScore >= 0 && minScore <= 1000)) {
            throw new InvalidParameterException("spike.minScore", "must be between 0 and 1000");
        }
        int minCount = c.minCount() == null ? 3 : c.minCount();
        if (minCount < 1 || minCount > 100_000) {
            throw new InvalidParameterException("spike.minCount", "must be between 1 and 100000");
        }
        return new SpikeCondition(List.copyOf(kinds), List.copyOf(keys), minScore, minCount);
    }

    static String name(String name) {
        if (name == null || name.isBlank()) {
            throw new InvalidParameterException("name", "is required");
        }
        String n = name.strip();
        if (n.length() > MAX_NAME) {
            throw new InvalidParameterException("name", "must be at most " + MAX_NAME + " characters");
        }
        return n;
    }

    /** The filters in the API's form, validated by the API's own filter parser; errors name {@code filters.<name>}. */
    static Map<String, List<String>> filters(Map<String, List<String>> raw) {
        if (raw == null || raw.isEmpty()) {
            return Map.of();
        }
        if (raw.size() > MAX_FILTER_NAMES) {
            throw new InvalidParameterException("filters", "has more than " + MAX_FILTER_NAMES + " parameters");
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> e : raw.entrySet()) {
            String field = "filters." + e.getKey();
            if (e.getKey() == null || !ArticleFilters.PARAMETERS.contains(e.getKey())) {
                throw new InvalidParameterException(
                        field, "is not a filter parameter; one of " + ArticleFilters.PARAMETERS);
            }
            List<String> values = e.getValue() == null
                    ? List.of()
                    : e.getValue().stream()
                            .filter(v -> v != null && !v.isBlank())
                            .map(String::strip)
                            .toList();
            if (values.size() > MAX_VALUES) {
                throw new InvalidParameterException(field, "has more than " + MAX_VALUES + " values");
            }
            for (String v : values) {
                if (v.length() > MAX_FILTER_VALUE) {
                    throw new InvalidParameterException(
                            field, "has a value longer than " + MAX_FILTER_VALUE + " characters");
                }
            }
            if (!values.isEmpty()) {
                out.put(e.getKey(), values);
            }
        }
        try {
            ArticleFilters.fromParameters(out);
        } catch (InvalidParameterException e) {
            throw rename(e, "filters." + e.parameter());
        }
        return out;
    }

    static List<SignalType> signals(List<String> raw) {
        if (raw == null) {
            return List.of();
        }
        if (raw.size() > MAX_VALUES) {
            throw new InvalidParameterException("signals", "has more than " + MAX_VALUES + " values");
        }
        LinkedHashSet<SignalType> out = new LinkedHashSet<>();
        for (String s : raw) {
            if (s != null && !s.isBlank()) {
                out.add(enumValue("signals", s, SignalType.class));
            }
        }
        return List.copyOf(out);
    }

    static List<String> actors(List<String> raw) {
        if (raw == null) {
            return List.of();
        }
        if (raw.size() > MAX_VALUES) {
            throw new InvalidParameterException("actors", "has more than " + MAX_VALUES + " values");
        }
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (String a : raw) {
            if (a == null || a.isBlank()) {
                continue;
            }
            String code = a.strip().toUpperCase(Locale.ROOT);
            if (code.length() > MAX_ACTOR) {
                throw new InvalidParameterException("actors", "has a code longer than " + MAX_ACTOR + " characters");
            }
            out.add(code);
        }
        return List.copyOf(out);
    }

    /** An enum constant by name, case-insensitive, {@code -} for {@code _}; the 400 lists the allowed values. */
    static <E extends Enum<E>> E enumValue(String field, String raw, Class<E> type) {
        try {
            return Enum.valueOf(type, raw.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new InvalidParameterException(
                    field,
                    "unknown value '" + abbreviate(raw) + "'; one of "
                            + java.util.Arrays.toString(type.getEnumConstants()));
        }
    }

    /** An IANA region id ({@code Europe/Berlin}, {@code UTC}); fixed offsets are refused (they ignore DST). */
    static String timeZone(String raw) {
        if (raw == null || raw.isBlank()) {
            return "UTC";
        }
        String v = raw.strip();
        ZoneId zone;
        try {
            zone = ZoneId.of(v);
        } catch (DateTimeException e) {
            throw new InvalidParameterException("timeZone", "'" + abbreviate(v) + "' is not an IANA time zone");
        }
        if (zone instanceof ZoneOffset) {
            throw new InvalidParameterException(
                    "timeZone", "must be an IANA time zone such as Europe/Berlin, not an " + "offset");
        }
        return zone.getId();
    }

    static QuietHours quietHours(SubscriptionRequest.QuietHoursRequest raw) {
        if (raw == null) {
            return null;
        }
        String start = quietTime("quietHours.start", raw.start());
        String end = quietTime("quietHours.end", raw.end());
        if (start.equals(end)) {
            throw new InvalidParameterException("quietHours.end", "must differ from start");
        }
        return new QuietHours(start, end);
    }

    /** The morning brief: {@code at} a time {@code HH:mm}, {@code hours} 1-{@value #MAX_BRIEF_HOURS}; null for none. */
    static Subscription.BriefSchedule brief(SubscriptionRequest.BriefRequest raw) {
        if (raw == null) {
            return null;
        }
        String at = quietTime("brief.at", raw.at());
        if (raw.hours() == null || raw.hours() < 1 || raw.hours() > MAX_BRIEF_HOURS) {
            throw new InvalidParameterException("brief.hours", "must be an integer from 1 to " + MAX_BRIEF_HOURS);
        }
        return new Subscription.BriefSchedule(at, raw.hours());
    }

    private static String quietTime(String field, String raw) {
        if (raw == null || !QUIET_TIME.matcher(raw.strip()).matches()) {
            throw new InvalidParameterException(field, "must be a time HH:mm, e.g. 22:00");
        }
        try {
            return LocalTime.parse(raw.strip()).toString();
        } catch (DateTimeParseException e) {
            throw new InvalidParameterException(field, "must be a time HH:mm, e.g. 22:00");
        }
    }

    /**
     * 1-10 valid channels. A channel keeps its id when it names an existing one, or when it has the type and
     * destination of an existing one; a kept, unchanged channel whose {@code enabled} is not sent also keeps its
     * disabled state and reason (delivery may have turned it off).
     */
    List<Channel> channels(List<ChannelRequest> raw, List<Channel> existing) {
        if (raw == null || raw.isEmpty()) {
            throw new InvalidParameterException("channels", "at least one channel is required");
        }
        if (raw.size() > MAX_CHANNELS) {
            throw new InvalidParameterException("channels", "at most " + MAX_CHANNELS + " channels");
        }
        List<Channel> out = new ArrayList<>();
        Set<String> used = new HashSet<>();
        for (int i = 0; i < raw.size(); i++) {
            String field = "channels[" + i + "]";
            ChannelRequest c = raw.get(i);
            if (c == null) {
                throw new InvalidParameterException(field, "must be an object");
            }
            if (c.type() == null || c.type().isBlank()) {
                throw new InvalidParameterException(field + ".type", "is required: webhook, slack, teams or email");
            }
            ChannelType type = enumValue(field + ".type", c.type(), ChannelType.class);
            String url = null;
            List<String> to = List.of();
            if (type == ChannelType.EMAIL) {
                to = addresses(field + ".to", c.to());
            } else {
                Channel stored = storedUrl(c, type, existing);
                if (stored != null) {
                    url = stored.url();
                } else if (ChannelUrls.looksMasked(c.url())) {
                    throw new InvalidParameterException(
                            field + ".url",
                            "is masked as the API shows it but names no channel of this subscription:"
                                    + " send the full URL, or the channel's id with the masked URL or none");
                } else {
                    url = url(field + ".url", c.url());
                }
            }
            Channel candidate = new Channel(null, type, url, to, true, null);
            Channel previous = previous(field, c.id(), candidate, existing);
            String channelId = previous != null ? previous.id() : newId("ch_", 6);
            if (!used.add(channelId)) {
                throw new InvalidParameterException(field + ".id", "the same channel is listed twice");
            }
            boolean unchanged = previous != null && previous.sameDestination(candidate);
            boolean enabled = c.enabled() != null ? c.enabled() : !unchanged || previous.enabled();
            String reason = c.enabled() == null && unchanged ? previous.disabledReason() : null;
            out.add(new Channel(channelId, type, url, to, enabled, enabled ? null : reason));
        }
        return List.copyOf(out);
    }

    /**
     * The existing channel whose URL a request channel leaves as it is, or null: channel URLs are write-only (the API
     * shows them masked), so an update may name the channel by id and send no URL, or send back the masked URL it
     * was shown (with or without the id).
     */
    private static Channel storedUrl(ChannelRequest c, ChannelType type, List<Channel> existing) {
        String url = c.url() == null || c.url().isBlank() ? null : c.url().strip();
        String id = c.id() == null || c.id().isBlank() ? null : c.id().strip();
        if (url == null && id == null) {
            return null;
        }
        return existing.stream()
                .filter(e -> e.type() == type && e.url() != null)
                .filter(e -> id == null || e.id().equals(id))
                .filter(e -> url == null || url.equals(ChannelUrls.mask(e.url())))
                .findFirst()
                .orElse(null);
    }

    private static Channel previous(String field, String id, Channel candidate, List<Channel> existing) {
        if (id != null && !id.isBlank()) {
            String v = id.strip();
            if (v.length() > MAX_CHANNEL_ID) {
                throw new InvalidParameterException(field + ".id", "is not a channel of this subscription");
            }
            return existing.stream()
                    .filter(e -> e.id().equals(v))
                    .findFirst()
                    .orElseThrow(() ->
                            new InvalidParameterException(field + ".id", "is not a channel of this subscription"));
        }
        return existing.stream()
                .filter(e -> e.sameDestination(candidate))
                .findFirst()
                .orElse(null);
    }

    /**
     * An absolute https URL without credentials, at most 2048 characters; http only for a loopback host and only
     * when {@code allowHttp}. Syntax only: the address check happens at send time.
     */
    String url(String field, String raw) {
        if (raw == null || raw.isBlank()) {
            throw new InvalidParameterException(field, "is required");
        }
        String u = raw.strip();
        if (u.length() > MAX_URL) {
            throw new InvalidParameterException(field, "must be at most " + MAX_URL + " characters");
        }
        URI uri;
        try {
            uri = new URI(u);
        } catch (URISyntaxException e) {
            throw new InvalidParameterException(field, "is not a valid URL: " + e.getReason());
        }
        if (!uri.isAbsolute() || uri.isOpaque()) {
            throw new InvalidParameterException(field, "must be an absolute https URL");
        }
        if (uri.getRawUserInfo() != null) {
            throw new InvalidParameterException(field, "must not carry credentials");
        }
        String host = uri.getHost();
        if (host == null || host.isBlank()) {
            throw new InvalidParameterException(field, "has no host");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("https")) {
            return u;
        }
        if (scheme.equals("http")
                && allowHttp
                && (loopback(host) || httpHosts.contains(host.toLowerCase(Locale.ROOT)))) {
            return u;
        }
        throw new InvalidParameterException(
                field,
                allowHttp
                        ? "must be https (http only for a loopback host or a host name on redline.alerts.allow)"
                        : "must be https");
    }

    /** Loopback by name or literal, without resolving anything. */
    static boolean loopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost")
                || h.equals("[::1]")
                || h.equals("::1")
                || IPV4_LOOPBACK.matcher(h).matches();
    }

    static List<String> addresses(String field, List<String> raw) {
        if (raw == null || raw.stream().allMatch(a -> a == null || a.isBlank())) {
            throw new InvalidParameterException(field, "at least one address is required");
        }
        if (raw.size() > MAX_ADDRESSES) {
            throw new InvalidParameterException(field, "at most " + MAX_ADDRESSES + " addresses");
        }
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (String a : raw) {
            if (a == null || a.isBlank()) {
                continue;
            }
            String v = a.strip();
            int at = v.lastIndexOf('@');
            if (v.length() > MAX_ADDRESS || at > 64 || !EMAIL.matcher(v).matches()) {
                throw new InvalidParameterException(field, "'" + abbreviate(v) + "' is not an e-mail address");
            }
            out.add(v);
        }
        return List.copyOf(out);
    }

    /** {@code prefix} and {@code bytes} random bytes as url-safe base64 (16 characters for 12 bytes). */
    static String newId(String prefix, int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** A Standard Webhooks secret: {@code whsec_} and base64 of 32 random bytes. */
    static String newWebhookSecret() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return "whsec_" + Base64.getEncoder().encodeToString(b);
    }

    private static String abbreviate(String v) {
        return v.length() <= 40 ? v : v.substring(0, 40) + "...";
    }
}
