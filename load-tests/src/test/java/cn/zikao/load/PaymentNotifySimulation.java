package cn.zikao.load;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The gateway's side of a busy hour: WeChat Pay notifications at a constant rate (default 200/s for 60 s), each
 * for its own PAYING order, signed and encrypted like the platform's, so the service verifies the signature,
 * decrypts, and commits notification + payment + PAID in one transaction per request. The orders come from
 * {@code payments-setup.sql} (out_trade_no {@code LOADPAY00000001}...).
 * {@code mvn gatling:test -Dgatling.simulationClass=cn.zikao.load.PaymentNotifySimulation -DbaseUrl=... -DpaysimKeys=<dataDir>/paysim}
 */
public class PaymentNotifySimulation extends Simulation {
    static final int RATE = Integer.getInteger("rate", 200);
    static final int SECONDS = Integer.getInteger("seconds", 60);
    static final int FIRST = Integer.getInteger("firstOrder", 1);
    static final int P99_MILLIS = Integer.getInteger("p99", 500);
    static final NotificationSigner SIGNER = NotificationSigner.fromDir(Path.of(System.getProperty("paysimKeys", "../data/paysim")),
            System.getProperty("mchid", "1900000001"), System.getProperty("appid", "wxdev0000000000001"));

    /**
     * One order per notification, all signed before the run starts, so that the load generator's own RSA work
     * does not compete with the service during the measured minute (timestamps stay well within 300 s).
     */
    static final Iterator<Map<String, Object>> PAID_ORDERS = IntStream.range(FIRST, FIRST + RATE * SECONDS)
            .mapToObj(i -> {
                NotificationSigner.Signed n = SIGNER.paid(String.format("LOADPAY%08d", i), 7600);
                return Map.<String, Object>of("body", n.body(), "ts", n.timestamp(), "nonce", n.nonce(),
                        "signature", n.signature(), "serial", n.serial());
            }).toList().iterator();

    static final HttpRequestActionBuilder NOTIFY = http("POST /api/v1/payments/wechat/notify")
            .post("/api/v1/payments/wechat/notify")
            .header("Content-Type", "application/json")
            .header("Wechatpay-Timestamp", "#{ts}")
            .header("Wechatpay-Nonce", "#{nonce}")
            .header("Wechatpay-Signature", "#{signature}")
            .header("Wechatpay-Serial", "#{serial}")
            .header("Wechatpay-Signature-Type", "WECHATPAY2-SHA256-RSA2048")
            .body(StringBody("#{body}"))
            .check(status().is(204));

    static final ScenarioBuilder GATEWAY = scenario("WeChat Pay notifies payments").feed(PAID_ORDERS).exec(NOTIFY);

    static final List<Assertion> ASSERTIONS = List.of(
            global().failedRequests().count().is(0L),
            global().responseTime().percentile(99.0).lt(P99_MILLIS));

    {
        setUp(GATEWAY.injectOpen(constantUsersPerSec(RATE).during(Duration.ofSeconds(SECONDS))))
                .protocols(Protocols.JSON_API).assertions(ASSERTIONS);
    }
}
