package cn.zikao.platform;

import io.vertx.core.http.HttpServerRequest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Who a request comes from, for per-address limits. The TCP peer, unless that peer is a trusted proxy
 * ({@code ZIKAO_TRUSTED_PROXIES}): then the rightmost {@code X-Forwarded-For} hop that is not itself a trusted
 * proxy, since everything left of it was written by the client and may be made up. An IPv6 client is counted by
 * its /64, which is what one subscriber is given.
 */
public final class ClientAddress {
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    private record Cidr(byte[] network, int bits) {
        boolean contains(byte[] a) {
            if (a.length != network.length) {
                return false;
            }
            for (int i = 0; i < bits; i++) {
                int mask = 0x80 >>> (i % 8);
                if ((a[i / 8] & mask) != (network[i / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }

    private final List<Cidr> trusted;

    /** {@code cidrs}: comma-separated, e.g. {@code 10.0.0.0/8, 2001:db8::/32}; a bare address is one host. */
    public ClientAddress(String cidrs) {
        List<Cidr> list = new ArrayList<>();
        for (String s : cidrs == null ? new String[0] : cidrs.split(",")) {
            String c = s.trim();
            if (c.isEmpty()) {
                continue;
            }
            String[] parts = c.split("/", 2);
            byte[] network = literal(parts[0]);
            int max = network == null ? 0 : network.length * 8;
            int bits = max;
            try {
                bits = parts.length == 2 ? Integer.parseInt(parts[1]) : max;
            } catch (NumberFormatException e) {
                network = null;
            }
            if (network == null || bits < 0 || bits > max) {
                throw new ConfigException("ZIKAO_TRUSTED_PROXIES: '" + c + "' is not an address or CIDR");
            }
            list.add(new Cidr(network, bits));
        }
        this.trusted = List.copyOf(list);
    }

    /** The key a per-address limit counts this request under: an IPv4 address, or an IPv6 /64 written {@code 2001:db8:1:2::/64}. */
    public String of(HttpServerRequest request) {
        byte[] peer = request.remoteAddress() == null ? null : literal(request.remoteAddress().hostAddress());
        if (peer == null) {
            return "unknown";
        }
        return key(trusted(peer) ? forwardedClient(request.headers().getAll("X-Forwarded-For"), peer) : peer);
    }

    /** Walks the hops from the right, past trusted proxies, to the first one that is not. */
    private byte[] forwardedClient(List<String> headers, byte[] peer) {
        List<String> hops = new ArrayList<>();
        for (String h : headers) {
            for (String hop : h.split(",")) {
                hops.add(hop.trim());
            }
        }
        byte[] client = peer;
        for (int i = hops.size() - 1; i >= 0; i--) {
            byte[] hop = literal(hop(hops.get(i)));
            if (hop == null) {
                return client; // a trusted proxy does not write garbage: what is left of here is the client's own
            }
            client = hop;
            if (!trusted(hop)) {
                return hop;
            }
        }
        return client;
    }

    private boolean trusted(byte[] address) {
        for (Cidr c : trusted) {
            if (c.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /** A hop may carry a port ({@code 1.2.3.4:5678}, {@code [2001:db8::1]:443}). */
    private static String hop(String s) {
        if (s.startsWith("[")) {
            int end = s.indexOf(']');
            return end < 0 ? s : s.substring(1, end);
        }
        int colon = s.indexOf(':');
        return colon > 0 && colon == s.lastIndexOf(':') ? s.substring(0, colon) : s;
    }

    /** The bytes of an IP literal, or null; never a name lookup. An IPv4-mapped IPv6 address is its IPv4 address. */
    static byte[] literal(String s) {
        if (s == null || s.isEmpty()) {
            return null;
        }
        int zone = s.indexOf('%');
        String a = zone > 0 ? s.substring(0, zone) : s;
        boolean v4 = IPV4.matcher(a).matches();
        if (!v4 && !(a.indexOf(':') >= 0 && IPV6.matcher(a).matches())) {
            return null;
        }
        try {
            return InetAddress.getByName(a).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    static String key(byte[] address) {
        if (address.length == 4) {
            return (address[0] & 0xff) + "." + (address[1] & 0xff) + "." + (address[2] & 0xff) + "." + (address[3] & 0xff);
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i += 2) {
            sb.append(Integer.toHexString((address[i] & 0xff) << 8 | address[i + 1] & 0xff)).append(':');
        }
        return sb.append(":/64").toString();
    }
}
