package cn.zikao.load;

import static io.gatling.javaapi.http.HttpDsl.http;

import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The HTTP protocols: each virtual user has its own connections (at most six per host, as a browser), its own
 * cookies and cache. The simulator is called by absolute URL ({@link Settings#PAYSIM_URL}).
 */
final class Protocols {
    static final HttpProtocolBuilder BROWSER = http.baseUrl(Settings.BASE_URL)
            .acceptHeader("application/json, text/html;q=0.9, */*;q=0.8")
            .acceptLanguageHeader("zh-CN,zh;q=0.9")
            .acceptEncodingHeader("gzip, deflate")
            .userAgentHeader("Mozilla/5.0 (Linux; Android 13; zikao-load) AppleWebKit/537.36 Mobile Safari/537.36")
            .maxConnectionsPerHost(6)
            .disableWarmUp();

    /**
     * The same from 250 loopback addresses (127.0.1.1 …), one per user in turn: candidates reach the service from
     * many addresses, so a flood from one address meets the per-address limits and they do not.
     */
    static final HttpProtocolBuilder MANY_ADDRESSES = BROWSER.localAddresses(
            IntStream.rangeClosed(1, 250).mapToObj(i -> "127.0.1." + i).toList());

    /** A client with one address of its own (the attacker, or the gateway). */
    static HttpProtocolBuilder from(String address) {
        return BROWSER.localAddresses(List.of(address));
    }

    private Protocols() {}
}
