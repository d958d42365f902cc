package cn.zikao.payment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cn.zikao.testing.Api;
import cn.zikao.testing.TestApp;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The simulator's signed samples, posted by a client to the notify URL, meet the service's checks as load tests expect. */
class NotificationSamplesTest {
    @RegisterExtension
    static final TestApp app = TestApp.create();
    private final PaymentFixtures fx = new PaymentFixtures(app);

    private Api.Reply post(PaymentFixtures.Order o, String variant) {
        Api.Reply sample = fx.sim().post("/sim/notifications/" + o.outTradeNo() + "?variant=" + variant, "{}");
        assertEquals(200, sample.status(), sample.text());
        Map<String, String> headers = new HashMap<>();
        JsonObject h = sample.json().getJsonObject("headers");
        h.fieldNames().forEach(k -> headers.put(k, h.getString(k)));
        return app.api().send(fx.notifyRequest(sample.json().getString("body"), headers));
    }

    @Test
    @DisplayName("stale and forged samples are refused, a wrong amount is recorded apart, fresh ones and their replays pay once")
    void variants() {
        PaymentFixtures.Order o = fx.unpaidOrder();
        fx.startPayment(o);
        assertEquals(401, post(o, "stale").status());
        assertEquals(401, post(o, "forged").status());
        assertEquals(204, post(o, "wrong-amount").status());
        assertEquals("PAYING", fx.status(o.id()));
        assertEquals(204, post(o, "fresh").status());
        assertEquals(204, post(o, "fresh").status());
        assertEquals("PAID", fx.status(o.id()));
        assertEquals(1, fx.count("SELECT count(*) FROM payment WHERE order_id = ? AND status = 'APPLIED'", o.id()));
        assertEquals(1, fx.count("SELECT count(*) FROM payment WHERE order_id = ? AND status = 'AMOUNT_MISMATCH'", o.id()));
        assertEquals(400, fx.sim().post("/sim/notifications/" + o.outTradeNo() + "?variant=odd", "{}").status());
        assertEquals(404, fx.sim().post("/sim/notifications/NOSUCHORDER1?variant=fresh", "{}").status());
    }
}
