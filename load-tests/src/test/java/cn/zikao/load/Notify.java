package cn.zikao.load;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.jmesPath;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.http.HttpRequestActionBuilder;

/**
 * Gateway notifications as the service's own simulator signs them at this moment
 * ({@code POST /sim/notifications/{outTradeNo}?variant=}), posted to the service's notify URL: the load tests hold
 * no copy of the notification format or of the keys.
 */
final class Notify {
    private Notify() {}

    /** Asks the simulator for a notification of {@code #{outTradeNo}}; saves it as {@code #{prefix}Body} and its headers. */
    static HttpRequestActionBuilder sample(String variant, String prefix) {
        return http("simulator signs " + variant + "#{step}")
                .post(Settings.PAYSIM_URL + "/sim/notifications/#{outTradeNo}?variant=" + variant)
                .check(status().is(200), jmesPath("body").saveAs(prefix + "Body"),
                        jmesPath("headers.\"Wechatpay-Timestamp\"").saveAs(prefix + "Ts"),
                        jmesPath("headers.\"Wechatpay-Nonce\"").saveAs(prefix + "Nonce"),
                        jmesPath("headers.\"Wechatpay-Signature\"").saveAs(prefix + "Signature"),
                        jmesPath("headers.\"Wechatpay-Serial\"").saveAs(prefix + "Serial"));
    }

    /** Posts the notification saved under {@code prefix}, expecting {@code expected} (204 taken, 401 refused). */
    static HttpRequestActionBuilder post(String name, String prefix, int expected) {
        return http(name + "#{step}").post("/api/v1/payments/wechat/notify")
                .header("Content-Type", "application/json")
                .header("Wechatpay-Timestamp", "#{" + prefix + "Ts}")
                .header("Wechatpay-Nonce", "#{" + prefix + "Nonce}")
                .header("Wechatpay-Signature", "#{" + prefix + "Signature}")
                .header("Wechatpay-Serial", "#{" + prefix + "Serial}")
                .header("Wechatpay-Signature-Type", "WECHATPAY2-SHA256-RSA2048")
                .body(StringBody("#{" + prefix + "Body}"))
                .check(status().is(expected));
    }
}
