package cn.zikao.load;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.jmesPath;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.http.HttpDsl.header;
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
    /** A BUSY order is tried again this many times at most, as the page does (after Retry-After, with its place). */
    static final int BUSY_TRIES = Integer.getInteger("busyTries", 10);
    static final String TICKET = "X-Zikao-Queue-Ticket";
    static final HttpRequestActionBuilder ORDER = http("POST orders#{step}").post(Journey.SITTING_PATH + "/orders")
            .header("Authorization", BEARER).header(TICKET, s -> s.contains("queueTicket") ? s.getString("queueTicket") : "")
            .body(StringBody("#{orderBody}")).asJson()
            .check(status().in(201, 409, 503).saveAs("orderStatus"))
            .checkIf((r, s) -> r.status().code() == 201).then(jmesPath("orderId").saveAs("orderId"),
                    jmesPath("outTradeNo").saveAs("outTradeNo"), jmesPath("totalFen").ofInt().saveAs("totalFen"))
            .checkIf((r, s) -> r.status().code() == 409).then(jmesPath("code").is("SEATS_FULL"))
            .checkIf((r, s) -> r.status().code() == 503).then(jmesPath("code").is("BUSY"),
                    header("Retry-After").saveAs("retryAfter"), header(TICKET).optional().saveAs("queueTicket"));
    /**
     * An order as the page places it: a 503 BUSY (the order waiting room is full) is waited out for its Retry-After
     * and tried again with the place in line it gave, up to {@link #BUSY_TRIES} times; still BUSY then, the user fails.
     */
    static final ChainBuilder PLACE = exec(s -> s.remove("queueTicket").set("busyTries", 0)).exec(ORDER)
            .asLongAs(s -> s.getInt("orderStatus") == 503 && s.getInt("busyTries") < BUSY_TRIES)
            .on(exec(s -> s.set("busyTries", s.getInt("busyTries") + 1))
                    .pause(s -> Duration.ofSeconds(Math.max(1, Integer.parseInt(s.getString("retryAfter")))))
                    .exec(ORDER))
            .exec(s -> s.getInt("orderStatus") == 503 ? s.markAsFailed() : s);
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
