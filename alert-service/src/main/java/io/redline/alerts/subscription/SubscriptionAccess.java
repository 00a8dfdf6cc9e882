package io.redline.alerts.subscription;

import io.quarkus.security.identity.SecurityIdentity;
import io.redline.query.Ids;
import io.redline.query.InvalidParameterException;
import io.redline.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotFoundException;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The one place that decides which subscriptions (and so which deliveries, alerts and feeds) the caller may see and
 * change: an editor their own, an admin every one, including those made before API keys existed (owner null).
 *
 * <p>Someone else's subscription answers exactly like an unknown id (404), so editors cannot probe for ids.
 */
@ApplicationScoped
public class SubscriptionAccess {

    /** What an owner may look like: an API key owner or an OIDC principal name, printable and bounded. */
    private static final Pattern OWNER = Pattern.compile("[\\p{L}\\p{N}._@+-]{1,100}");

    private final SubscriptionStore store;
    private final SecurityIdentity identity;

    public SubscriptionAccess(SubscriptionStore store, SecurityIdentity identity) {
        this.store = store;
        this.identity = identity;
    }

    /** The current request's caller. */
    public Caller caller() {
        return Caller.of(identity);
    }

    /** The subscription {@code id} when the caller may access it; 400 for a malformed id, else 404. */
    public Subscription get(String id) {
        return get("id", id);
    }

    /** As {@link #get(String)}, naming {@code parameter} in a 400. */
    public Subscription get(String parameter, String id) {
        Ids.check(parameter, id);
        Subscription s = store.get(id);
        if (!caller().mayAccess(s.owner())) {
            throw notFound(id);
        }
        return s;
    }

    /** Whether the caller may access the subscription {@code id} (false when it does not exist). */
    public boolean mayAccess(String subscriptionId) {
        return visibleTo(caller()).test(subscriptionId);
    }

    /**
     * Which subscription ids {@code caller} may see, decided at each call against the current owners, so a stream
     * opened now also covers subscriptions made later and drops one given away. Safe to keep past the request.
     */
    public Predicate<String> visibleTo(Caller caller) {
        if (caller.isAdmin()) {
            return id -> true;
        }
        return id -> {
            Subscription s = store.find(id);
            return s != null && caller.mayAccess(s.owner());
        };
    }

    /** The caller's subscriptions (an admin's: all, or those of {@code owner} when given), oldest first. */
    public List<Subscription> list(String owner) {
        Caller caller = caller();
        String filter = owner == null || owner.isBlank() ? null : owner(owner);
        if (!caller.isAdmin()) {
            if (filter != null && !filter.equals(caller.owner())) {
                throw new ForbiddenException("only an admin may list another owner's subscriptions");
            }
            filter = caller.owner();
            if (filter == null) {
                return List.of();
            }
        }
        String wanted = filter;
        return store.list().stream()
                .filter(s -> wanted == null || wanted.equals(s.owner()))
                .toList();
    }

    /**
     * The owner of a new subscription: the caller, or for an admin whoever the request names. A non-admin naming
     * anyone else is refused with 403 rather than silently ignored, so a client's mistake shows.
     */
    public String ownerForCreate(SubscriptionRequest request) {
        Caller caller = caller();
        return requested(request, caller, caller.owner());
    }

    /** The owner after an update: unchanged unless the request names one (only an admin may name someone else). */
    public String ownerForUpdate(SubscriptionRequest request, Subscription old) {
        return requested(request, caller(), old.owner());
    }

    private static String requested(SubscriptionRequest request, Caller caller, String otherwise) {
        if (request == null || request.owner() == null) {
            return otherwise;
        }
        String owner = owner(request.owner());
        if (!caller.isAdmin() && !owner.equals(caller.owner())) {
            throw new ForbiddenException(
                    "only an admin may set another owner than yourself ('" + caller.owner() + "')");
        }
        return owner;
    }

    private static String owner(String raw) {
        String owner = raw.strip();
        if (!OWNER.matcher(owner).matches()) {
            throw new InvalidParameterException("owner", "must be 1-100 letters, digits or . _ @ + -");
        }
        return owner;
    }

    static NotFoundException notFound(String id) {
        return new NotFoundException("no subscription with id " + id);
    }
}
