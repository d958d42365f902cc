package cn.zikao.sms;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cn.zikao.testing.Api;
import cn.zikao.testing.Onboarding;
import cn.zikao.testing.TestApp;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The per-address SMS cap (2 an hour here) counts the client a trusted proxy (127.0.0.0/8 here) names, IPv6 by /64. */
class SmsPerAddressTest {
    @RegisterExtension
    static final TestApp app = TestApp.create().env("ZIKAO_TRUSTED_PROXIES", "127.0.0.0/8")
            .env("ZIKAO_SMS_COOLDOWN_SECONDS", "0").env("ZIKAO_SMS_PER_IP_PER_HOUR", "2");
    private final Onboarding on = new Onboarding(app);

    private Api.Reply code(String forwardedFor) {
        JsonObject body = new JsonObject(on.captcha()).put("purpose", "REGISTER").put("phone", Onboarding.phone());
        return app.api().post("/api/v1/sms-codes", body.encode(), "X-Forwarded-For", forwardedFor);
    }

    @Test
    @DisplayName("behind the trusted proxy each client address has its own cap: the third code from one is 429, another still gets its two")
    void capPerForwardedClient() {
        app.clock().advance(Duration.ofHours(3));
        assertEquals(202, code("203.0.113.7").status());
        assertEquals(202, code("6.6.6.6, 203.0.113.7").status(), "a spoofed hop left of the real one changes nothing");
        assertEquals("SMS_DAILY_LIMIT", code("203.0.113.7").code());
        assertEquals(202, code("198.51.100.20").status());
        assertEquals(202, code("198.51.100.20").status());
        assertEquals("SMS_DAILY_LIMIT", code("198.51.100.20").code());
    }

    @Test
    @DisplayName("two IPv6 addresses of one /64 share the cap; an address of the next /64 does not")
    void ipv6CountedBy64() {
        app.clock().advance(Duration.ofHours(5));
        assertEquals(202, code("2001:db8:7:1::1").status());
        assertEquals(202, code("2001:db8:7:1:abcd::2").status());
        assertEquals("SMS_DAILY_LIMIT", code("2001:db8:7:1:ffff:ffff:ffff:ffff").code());
        assertEquals(202, code("2001:db8:7:2::1").status());
    }
}
