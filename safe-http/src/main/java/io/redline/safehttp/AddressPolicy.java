package io.redline.safehttp;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides whether the client may connect to a resolved address: public addresses yes, non-public ones only
 * when their host name or a CIDR containing them is on the allowlist (the using service's configuration).
 */
public final class AddressPolicy {

    private final Set<String> hosts = new TreeSet<>();
    private final List<Cidr> blocks = new ArrayList<>();
    private final String allowSetting;

    /** {@code allow}: host names and CIDRs/addresses, e.g. {@code feeds.intranet.example, 10.8.0.0/16, ::1}. */
    public AddressPolicy(List<String> allow) {
        this(allow, "the allowlist");
    }

    /**
     * As {@link #AddressPolicy(List)}; {@code allowSetting} names the configuration property holding the
     * allowlist (e.g. {@code redline.ingest.allow}), so a refusal tells the operator what to change.
     */
    public AddressPolicy(List<String> allow, String allowSetting) {
        this.allowSetting = allowSetting;
        for (String entry : allow) {
            String e = entry.trim();
            if (e.isEmpty()) {
                continue;
            }
            if (e.matches("[0-9.]+(/\\d+)?") || e.contains(":")) {
                blocks.add(Cidr.parse(e));
            } else {
                hosts.add(e.toLowerCase(Locale.ROOT));
            }
        }
    }

    /** A policy allowing public addresses only. */
    public static AddressPolicy publicOnly() {
        return new AddressPolicy(List.of());
    }

    /** Throws when {@code address}, resolved from {@code host}, may not be connected to. */
    public void check(String host, InetAddress address) throws FetchException {
        String reason = AddressClassifier.nonPublicReason(address);
        if (reason == null || hosts.contains(host.toLowerCase(Locale.ROOT))) {
            return;
        }
        for (Cidr block : blocks) {
            if (block.contains(address)) {
                return;
            }
        }
        throw new FetchException(
                FetchException.Kind.BLOCKED_ADDRESS,
                "refused to connect to " + host + ": " + reason + " (add it to " + allowSetting + " to permit)");
    }
}
