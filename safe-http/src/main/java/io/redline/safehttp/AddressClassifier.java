package io.redline.safehttp;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/** Says whether an IP address is non-public (loopback, private, link-local, ...) and why. */
public final class AddressClassifier {

    private AddressClassifier() {}

    /**
     * The reason {@code address} is not a public unicast address, or null when it is. IPv6 forms that embed
     * an IPv4 address (mapped, compatible, NAT64, 6to4) are judged by that IPv4 address, since a dual-stack
     * host or a NAT64 gateway delivers them to it.
     */
    public static String nonPublicReason(InetAddress address) {
        byte[] b = address.getAddress();
        if (b.length == 4) {
            return ipv4Reason(b);
        }
        byte[] embedded = embeddedIpv4(b);
        if (embedded != null) {
            String reason = ipv4Reason(embedded);
            return reason == null ? null : "IPv6 embedding " + reason;
        }
        return ipv6Reason(b);
    }

    /** The IPv4 address an IPv6 address carries (mapped, compatible, NAT64 64:ff9b::/96, 6to4 2002::/16), or null. */
    static byte[] embeddedIpv4(byte[] b) {
        boolean first10Zero = true;
        for (int i = 0; i < 10; i++) {
            first10Zero &= b[i] == 0;
        }
        if (first10Zero && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
            return Arrays.copyOfRange(b, 12, 16); // ::ffff:a.b.c.d, IPv4-mapped
        }
        if (first10Zero && b[10] == 0 && b[11] == 0) {
            // ::a.b.c.d, IPv4-compatible (deprecated); :: and ::1 themselves are judged as IPv6.
            byte[] v4 = Arrays.copyOfRange(b, 12, 16);
            boolean upperZero = v4[0] == 0 && v4[1] == 0 && v4[2] == 0;
            return upperZero && (v4[3] == 0 || v4[3] == 1) ? null : v4;
        }
        if ((b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b) {
            boolean zeros = true;
            for (int i = 4; i < 12; i++) {
                zeros &= b[i] == 0;
            }
            if (zeros) {
                return Arrays.copyOfRange(b, 12, 16); // 64:ff9b::a.b.c.d, NAT64 well-known prefix
            }
        }
        if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) {
            return Arrays.copyOfRange(b, 2, 6); // 2002:aabb:ccdd::/48, 6to4
        }
        return null;
    }

    private static String ipv4Reason(byte[] b) {
        int a0 = b[0] & 0xff;
        int a1 = b[1] & 0xff;
        String text = (a0) + "." + a1 + "." + (b[2] & 0xff) + "." + (b[3] & 0xff);
        if (a0 == 0) {
            return text + " is unspecified/this-network (0.0.0.0/8)";
        }
        if (a0 == 127) {
            return text + " is loopback (127.0.0.0/8)";
        }
        if (a0 == 10) {
            return text + " is private (10.0.0.0/8)";
        }
        if (a0 == 172 && (a1 & 0xf0) == 16) {
            return text + " is private (172.16.0.0/12)";
        }
        if (a0 == 192 && a1 == 168) {
            return text + " is private (192.168.0.0/16)";
        }
        if (a0 == 169 && a1 == 254) {
            return text + " is link-local (169.254.0.0/16, cloud metadata)";
        }
        if (a0 == 100 && (a1 & 0xc0) == 64) {
            return text + " is carrier-grade NAT (100.64.0.0/10)";
        }
        if (a0 == 192 && a1 == 0 && (b[2] & 0xff) == 0) {
            return text + " is IETF protocol assignment (192.0.0.0/24)";
        }
        if (a0 == 198 && (a1 & 0xfe) == 18) {
            return text + " is benchmarking (198.18.0.0/15)";
        }
        if (a0 >= 224 && a0 <= 239) {
            return text + " is multicast (224.0.0.0/4)";
        }
        if (a0 == 255 && a1 == 255 && (b[2] & 0xff) == 255 && (b[3] & 0xff) == 255) {
            return text + " is broadcast";
        }
        if (a0 >= 240) {
            return text + " is reserved (240.0.0.0/4)";
        }
        return null;
    }

    private static String ipv6Reason(byte[] b) {
        String text;
        try {
            text = InetAddress.getByAddress(b).getHostAddress();
        } catch (UnknownHostException e) {
            text = "IPv6 address";
        }
        boolean allZero = true;
        for (int i = 0; i < 15; i++) {
            allZero &= b[i] == 0;
        }
        if (allZero && b[15] == 0) {
            return text + " is unspecified (::)";
        }
        if (allZero && b[15] == 1) {
            return text + " is loopback (::1)";
        }
        int b0 = b[0] & 0xff;
        int b1 = b[1] & 0xff;
        if ((b0 & 0xfe) == 0xfc) {
            return text + " is unique-local (fc00::/7)";
        }
        if (b0 == 0xfe && (b1 & 0xc0) == 0x80) {
            return text + " is link-local (fe80::/10)";
        }
        if (b0 == 0xfe && (b1 & 0xc0) == 0xc0) {
            return text + " is site-local (fec0::/10, deprecated)";
        }
        if (b0 == 0xff) {
            return text + " is multicast (ff00::/8)";
        }
        if (b0 == 0x01 && b1 == 0 && b[2] == 0 && b[3] == 0 && b[4] == 0 && b[5] == 0 && b[6] == 0 && b[7] == 0) {
            return text + " is discard-only (100::/64)";
        }
        return null;
    }
}
