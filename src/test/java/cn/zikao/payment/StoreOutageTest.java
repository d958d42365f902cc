package cn.zikao.payment;

import static cn.zikao.payment.PaymentFixtures.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.zikao.testing.Api;
import cn.zikao.testing.TestApp;
import cn.zikao.testing.TestStores;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * PostgreSQL becomes unreachable for this class's database only (its connections are cut and new ones
 * refused), which the service sees exactly as a database outage; the shared server keeps running.
 */
class StoreOutageTest {
    @RegisterExtension
    static final TestApp app = TestApp.create();
    private final PaymentFixtures fx = new PaymentFixtures(app);

    private String admin() {
        return app.stores().pgUri().replaceFirst("/[^/]+$", "/postgres");
    }

    private void cutDatabase() {
        String db = app.stores().database();
        TestStores.exec(admin(), "ALTER DATABASE " + db + " ALLOW_CONNECTIONS false");
        TestStores.exec(admin(), "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + db + "'");
    }

    private void restoreDatabase() {
        TestStores.exec(admin(), "ALTER DATABASE " + app.stores().database() + " ALLOW_CONNECTIONS true");
    }

    @Test
    @DisplayName("with PostgreSQL unreachable a notification is answered 5xx FAIL; the gateway's retry after it returns makes the order PAID")
    void callbackDuringOutage() {
        PaymentFixtures.Order o = fx.unpaidOrder();
        fx.startPayment(o);
        cutDatabase();
        try {
            assertEquals(200, fx.sim().post("/sim/pay/" + o.outTradeNo(), "{}").status());
            eventually(20, () -> fx.sim().get("/sim/orders/" + o.outTradeNo()).json().getInteger("notify_attempts") >= 3,
                    "the gateway retried");
            JsonObject atGateway = fx.sim().get("/sim/orders/" + o.outTradeNo()).json();
            assertEquals(0, atGateway.getInteger("notify_delivered"));
            int status = atGateway.getInteger("last_notify_status");
            assertTrue(status >= 500 && status < 600, "answered " + status);

            String body = fx.notifications().envelope(fx.paidTransaction(o, PaymentFixtures.TOTAL_FEN, PaymentFixtures.transactionId()),
                    app.clock().instant()).encode();
            Api.Reply r = app.api().send(fx.signedNotify(body));
            assertTrue(r.status() >= 500 && r.status() < 600, r.toString());
            assertEquals("FAIL", r.json().getString("code"));
        } finally {
            restoreDatabase();
        }
        eventually(30, () -> fx.sim().get("/sim/orders/" + o.outTradeNo()).json().getInteger("notify_delivered") == 1,
                "a retry delivered");
        assertEquals("PAID", fx.status(o.id()));
        assertEquals(1, fx.count("SELECT count(*) FROM payment WHERE out_trade_no = ?", o.outTradeNo()));
    }

    @Test
    @DisplayName("with PostgreSQL unreachable asking for a QR code answers 503 SERVICE_UNAVAILABLE quickly")
    void startPaymentDuringOutage() {
        PaymentFixtures.Order o = fx.unpaidOrder();
        cutDatabase();
        try {
            long t0 = System.nanoTime();
            Api.Reply r = app.api().post("/api/v1/orders/" + o.id() + "/payments", Map.of("provider", "wechat"), Api.bearer(o.token()));
            assertEquals(503, r.status(), r.text());
            assertEquals("SERVICE_UNAVAILABLE", r.code());
            assertTrue(System.nanoTime() - t0 < 8_000_000_000L, "answered within the pool's wait");
        } finally {
            restoreDatabase();
        }
        eventually(20, () -> app.api().post("/api/v1/orders/" + o.id() + "/payments", Map.of("provider", "wechat"),
                Api.bearer(o.token())).status() == 201, "payment starts once PostgreSQL is back");
        assertEquals("PAYING", fx.status(o.id()));
    }
}
