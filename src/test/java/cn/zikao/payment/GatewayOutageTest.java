package cn.zikao.payment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import cn.zikao.testing.Api;
import cn.zikao.testing.TestApp;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The service pointed at a gateway address where nothing listens. */
class GatewayOutageTest {
    @RegisterExtension
    static final TestApp app = TestApp.create().env("ZIKAO_WECHAT_BASE_URL", "http://127.0.0.1:" + TestApp.freePort());
    private final PaymentFixtures fx = new PaymentFixtures(app);

    @Test
    @DisplayName("a gateway that cannot be reached gives the candidate 503 SERVICE_UNAVAILABLE and leaves the order UNPAID without a code")
    void gatewayDown() {
        PaymentFixtures.Order o = fx.unpaidOrder();
        Api.Reply r = app.api().post("/api/v1/orders/" + o.id() + "/payments", Map.of("provider", "wechat"), Api.bearer(o.token()));
        assertEquals(503, r.status(), r.text());
        assertEquals("SERVICE_UNAVAILABLE", r.code());
        assertEquals("UNPAID", fx.status(o.id()));
        assertNull(fx.one("SELECT code_url FROM exam_order WHERE id = ?", o.id()));
    }
}
