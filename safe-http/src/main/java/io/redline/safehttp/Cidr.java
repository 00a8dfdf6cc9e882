package io.redline.safehttp;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** An IPv4 or IPv6 address block such as {@code 10.1.0.0/16} or {@code fd00::/8}. */
public record Cidr(byte[] network, int prefix) {

    /** Parses {@code a.b.c.d/n}, {@code v6/n} or a bare address (a /32 or /128); literals only, no DNS lookup. */
    public static Cidr parse(String text) {
        String s = text.trim();
        int slash = s.indexOf('/');
        String addr = slash < 0 ? s : s.substring(0, slash);
        if (!addr.matches("[0-9a-fA-F:.\\[\\]]+") || !(addr.contains(".") || addr.contains(":"))) {
            throw new IllegalArgumentException("not an IP address or CIDR: " + text);
        }
        try {
            byte[] bytes = InetAddress.getByName(addr.replace("[", "").replace("]", ""))
                    .getAddress();
            int prefix = slash < 0 ? bytes.length * 8 : Integer.parseInt(s.substring(slash + 1));
            if (prefix < 0 || prefix > bytes.length * 8) {
                throw new IllegalArgumentException("bad prefix length in " + text);
            }
            return new Cidr(bytes, prefix);
        } catch (UnknownHostException | NumberFormatException e) {
            throw new IllegalArgumentException("not an IP address or CIDR: " + text, e);
        }
    }

    /** Whether {@code address} lies in this block (an IPv4 block never contains an IPv6 address). */
    public boolean contains(InetAddress address) {
        byte[] a = address.getAddress();
        if (a.length != network.length) {
            return false;
        }
        int bits = prefix;
        for (int i = 0; i < a.length && bits > 0; i++, bits -= 8) {
            int mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
            if ((a[i] & mask) != (network[i] & mask)) {
                return false;
            }
        }
        return true;
    }
}
