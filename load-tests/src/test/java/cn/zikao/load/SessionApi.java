package cn.zikao.load;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.jmesPath;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import java.time.Duration;

/**
 * Requests of candidates who come with a session from {@code sessions.csv} ({@code Authorization: Bearer #{token}}),
 * for the simulations about seats, orders and payments rather than logins.
 */
final class SessionApi {
    static final String BEARER = "Bearer #{token}";

    static final HttpRequestActionBuilder NOTICE_ACK = http("POST notice-ack#{step}").post(Journey.SITTING_PATH + "/notice-ack")
            .header("Authorization", BEARER).check(status().is(204));
    /** An order of {@code #{orderBody}}: 201, or 409 SEATS_FULL (the one refusal expected), which leaves no orderId. */
    static final HttpRequestActionBuilder ORDER = http("POST orders#{step}").post(Journey.SITTING_PATH + "/orders")
            .header("Authorization", BEARER).body(StringBody("#{orderBody}")).asJson()
            .check(status().in(201, 409))
            .checkIf((r, s) -> r.status().code() == 201).then(jmesPath("orderId").saveAs("orderId"),
                    jmesPath("outTradeNo").saveAs("outTradeNo"), jmesPath("totalFen").ofInt().saveAs("totalFen"))
            .checkIf((r, s) -> r.status().code() == 409).then(jmesPath("code").is("SEATS_FULL"));
    static final HttpRequestActionBuilder CANCEL = http("DELETE order#{step}").delete("/api/v1/orders/#{orderId}")
            .header("Authorization", BEARER).check(status().is(204));
    static final HttpRequestActionBuilder PAY_START = http("POST payments#{step}").post("/api/v1/orders/#{orderId}/payments")
            .header("Authorization", BEARER).body(StringBody("{\"provider\":\"wechat\"}")).asJson()
            .check(status().is(201));
    static final HttpRequestActionBuilder ORDER_STATUS = http("GET order#{step}").get("/api/v1/orders/#{orderId}")
            .header("Authorization", BEARER).check(status().is(200), jmesPath("status").saveAs("status"));
    static final HttpRequestActionBuilder ORDER_PAID = http("order is PAID#{step}").get("/api/v1/orders/#{orderId}")
            .header("Authorization", BEARER).check(status().is(200), jmesPath("status").is("PAID"));

    static final ChainBuilder ARRIVE = exec(s -> s.set("step", LoadShape.CURRENT.stepLabel()).remove("orderId"));

    /** Polls the order every 2 s (as the payment page) until PAID; after {@code maxPolls} a last look must see PAID. */
    static ChainBuilder untilPaid(int maxPolls) {
        return exec(s -> s.set("status", "PAYING"))
                .asLongAs(s -> !"PAID".equals(s.getString("status")) && (!s.contains("poll") || s.getInt("poll") < maxPolls), "poll")
                .on(exec(pause(Duration.ofSeconds(2))).exec(ORDER_STATUS))
                .doIf(s -> !"PAID".equals(s.getString("status"))).then(exec(ORDER_PAID));
    }

    private SessionApi() {}
}
