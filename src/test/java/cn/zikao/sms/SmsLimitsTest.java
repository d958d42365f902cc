package cn.zikao.sms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.zikao.testing.Api;
import cn.zikao.testing.Onboarding;
import cn.zikao.testing.TestApp;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Daily cap per phone (3 here) and hourly cap per IP (5 here); each test starts in hours of its own. */
class SmsLimitsTest {
    @RegisterExtension
    static final TestApp app = TestApp.create().env("ZIKAO_SMS_COOLDOWN_SECONDS", "0")
            .env("ZIKAO_SMS_DAILY_LIMIT", "3").env("ZIKAO_SMS_PER_IP_PER_HOUR", "5");
    private final Onboarding on = new Onboarding(app);

    @Test
    @DisplayName("the daily cap per phone answers 429 SMS_DAILY_LIMIT until the next day")
    void dailyCap() {
        app.clock().advance(Duration.ofDays(2));
        String phone = Onboarding.phone();
        for (int i = 0; i < 3; i++) {
            assertEquals(202, on.requestCode("REGISTER", Map.of("phone", phone)).status());
        }
        Api.Reply capped = on.requestCode("REGISTER", Map.of("phone", phone));
        assertEquals(429, capped.status(), capped.text());
        assertEquals("SMS_DAILY_LIMIT", capped.code());
        int retry = Integer.parseInt(capped.header("Retry-After"));
        assertTrue(retry > 0 && retry <= 86400);
        app.clock().advance(Duration.ofDays(1));
        assertEquals(202, on.requestCode("REGISTER", Map.of("phone", phone)).status());
    }

    @Test
    @DisplayName("the hourly cap per IP answers 429 SMS_DAILY_LIMIT for the sixth phone, and a new hour opens it again")
    void perIpCap() {
        app.clock().advance(Duration.ofHours(5));
        for (int i = 0; i < 5; i++) {
            Api.Reply r = on.requestCode("REGISTER", Map.of("phone", Onboarding.phone()));
            assertEquals(202, r.status(), r.text());
        }
        Api.Reply capped = on.requestCode("REGISTER", Map.of("phone", Onboarding.phone()));
        assertEquals(429, capped.status(), capped.text());
        assertEquals("SMS_DAILY_LIMIT", capped.code());
        assertTrue(Integer.parseInt(capped.header("Retry-After")) <= 3600);
        app.clock().advance(Duration.ofHours(1));
        assertEquals(202, on.requestCode("REGISTER", Map.of("phone", Onboarding.phone())).status());
    }
}
