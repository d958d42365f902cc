package cn.zikao.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import cn.zikao.testing.Api;
import cn.zikao.testing.TestApp;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Over real HTTP from 127.0.0.1: one server answers the address as an installation with no trusted proxy sees it,
 * another as one behind proxies in 127.0.0.0/8 and 10.0.0.0/8 sees it.
 */
class ClientAddressTest {
    private static Vertx vertx;
    private static Api direct;
    private static Api behindProxy;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        direct = new Api("http://127.0.0.1:" + serve(new ClientAddress("")).actualPort());
        behindProxy = new Api("http://127.0.0.1:" + serve(new ClientAddress(" 127.0.0.0/8 ,10.0.0.0/8,2001:db8:ffff::/48")).actualPort());
    }

    private static HttpServer serve(ClientAddress clients) throws Exception {
        return vertx.createHttpServer().requestHandler(req -> req.response().end(clients.of(req)))
                .listen(TestApp.freePort()).await(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    private static String seen(Api api, String... forwardedFor) {
        String[] headers = new String[forwardedFor.length * 2];
        for (int i = 0; i < forwardedFor.length; i++) {
            headers[2 * i] = "X-Forwarded-For";
            headers[2 * i + 1] = forwardedFor[i];
        }
        return api.get("/", headers).text();
    }

    @Test
    @DisplayName("from a peer that is not a trusted proxy, X-Forwarded-For is ignored: the peer is the client")
    void untrustedPeerHeaderIgnored() {
        assertEquals("127.0.0.1", seen(direct));
        assertEquals("127.0.0.1", seen(direct, "203.0.113.7"));
        assertEquals("127.0.0.1", seen(direct, "203.0.113.7, 198.51.100.1"));
    }

    @Test
    @DisplayName("from a trusted proxy, the client is the rightmost hop that is not a trusted proxy; what the client wrote left of it is ignored")
    void rightmostUntrustedHop() {
        assertEquals("203.0.113.7", seen(behindProxy, "203.0.113.7"));
        assertEquals("203.0.113.7", seen(behindProxy, "6.6.6.6, 203.0.113.7"));
        assertEquals("203.0.113.8", seen(behindProxy, "6.6.6.6, 203.0.113.8, 10.1.2.3"));
        assertEquals("203.0.113.9", seen(behindProxy, "6.6.6.6", "203.0.113.9, 10.1.2.3"), "two headers read as one list");
        assertEquals("203.0.113.10", seen(behindProxy, "203.0.113.10:51234"), "a hop with a port");
        assertEquals("198.51.100.4", seen(behindProxy, "garbage, 198.51.100.4"));
        assertEquals("10.0.0.9", seen(behindProxy, "10.0.0.9, 10.1.2.3"), "all hops trusted: the leftmost");
        assertEquals("127.0.0.1", seen(behindProxy), "no header: the peer");
        assertEquals("127.0.0.1", seen(behindProxy, "not-an-address"), "a hop that is not an address: the peer");
        assertEquals("127.0.0.1", seen(behindProxy, "localhost"), "a name is never looked up");
    }

    @Test
    @DisplayName("an IPv6 client is counted by its /64; a different /64 is another client; an IPv4-mapped address is its IPv4")
    void ipv6By64() {
        assertEquals("2001:db8:1:2::/64", seen(behindProxy, "2001:db8:1:2::10"));
        assertEquals("2001:db8:1:2::/64", seen(behindProxy, "[2001:db8:1:2:ffff:eeee:dddd:1]:443"));
        assertEquals("2001:db8:1:3::/64", seen(behindProxy, "2001:db8:1:3::1"));
        assertEquals("2001:db8:1:3::/64", seen(behindProxy, "2001:db8:1:3::1, 2001:db8:ffff:1::1"), "a trusted IPv6 proxy hop");
        assertEquals("192.0.2.33", seen(behindProxy, "::ffff:192.0.2.33"));
    }

    @Test
    @DisplayName("ZIKAO_TRUSTED_PROXIES that is not a list of addresses or CIDRs stops start-up naming the bad entry")
    void badTrustedProxies() {
        for (String bad : new String[] {"10.0.0.0/33", "proxy.internal", "10.0.0/8", "2001:db8::/129", "10.0.0.0/x"}) {
            ConfigException e = assertThrows(ConfigException.class, () -> new ClientAddress("127.0.0.1," + bad));
            assertEquals("ZIKAO_TRUSTED_PROXIES: '" + bad + "' is not an address or CIDR", e.getMessage());
        }
    }
}
