package cn.zikao.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.zikao.testing.Api;
import cn.zikao.testing.TestApp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.UnifiedJedis;

/**
 * A flood of captcha requests cannot fill Redis: each address takes its share a minute (429), all addresses
 * together a bounded number (503 BUSY), and a refused request stores nothing. Addresses come from X-Forwarded-For
 * through a trusted proxy (the test's loopback).
 */
class CaptchaFloodTest {
    @RegisterExtension
    static final TestApp app = TestApp.create().env("ZIKAO_TRUSTED_PROXIES", "127.0.0.0/8")
            .env("ZIKAO_CAPTCHA_PER_IP_PER_MINUTE", "5").env("ZIKAO_CAPTCHA_PER_MINUTE", "12")
            .env("ZIKAO_WORK_CAPTCHAS", "4:200");

    @Test
    @DisplayName("60 captchas asked at once from 3 addresses: 5 per address, 12 in all, the rest 429 or 503 BUSY, and Redis holds exactly 12; a minute later the address is served again")
    void floodIsBounded() throws Exception {
        app.clock().setNow(Instant.parse("2027-03-01T02:00:05Z"));
        java.util.Set<String> before;
        try (UnifiedJedis redis = app.redis()) {
            before = redis.keys("zk:captcha:*");
        }
        List<CompletableFuture<Api.Reply>> sent = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            String address = "203.0.113." + (1 + i % 3);
            sent.add(app.api().sendAsync(app.api().builder("/api/v1/captchas").header("X-Forwarded-For", address)
                    .header("Content-Type", "application/json").POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}")).build()));
        }
        List<Api.Reply> replies = new ArrayList<>();
        for (CompletableFuture<Api.Reply> f : sent) {
            replies.add(f.get());
        }
        Map<Integer, Long> byStatus = replies.stream().collect(Collectors.groupingBy(Api.Reply::status, Collectors.counting()));
        assertEquals(12L, byStatus.get(201), byStatus.toString());
        assertEquals(48L, byStatus.getOrDefault(429, 0L) + byStatus.getOrDefault(503, 0L), byStatus.toString());
        for (Api.Reply r : replies) {
            if (r.status() == 429) {
                assertEquals("CAPTCHA_RATE_LIMITED", r.code());
                assertEquals("55", r.header("Retry-After"));
            } else if (r.status() == 503) {
                assertEquals("BUSY", r.code());
            }
        }
        try (UnifiedJedis redis = app.redis()) {
            java.util.Set<String> stored = new java.util.HashSet<>(redis.keys("zk:captcha:*"));
            stored.removeAll(before);
            assertEquals(12, stored.size(), "only the issued captchas are stored (beside those other tests left)");
            assertTrue(redis.keys("zk:{captcha}:*").stream().allMatch(k -> redis.ttl(k) > 0 && redis.ttl(k) <= 120),
                    "the counters expire");
            assertTrue(redis.keys("zk:{captcha}:*").stream().noneMatch(k -> k.contains("203.0.113")), "no address in a key");
        }
        app.clock().advance(Duration.ofSeconds(60));
        Api.Reply later = app.api().post("/api/v1/captchas", "{}", "X-Forwarded-For", "203.0.113.1");
        assertEquals(201, later.status(), later.text());
    }

    @Test
    @DisplayName("one address past its share is refused while another is still served")
    void oneAddressDoesNotStarveAnother() {
        app.clock().setNow(Instant.parse("2027-03-01T03:00:00Z"));
        Function<String, Integer> ask = a -> app.api().post("/api/v1/captchas", "{}", "X-Forwarded-For", a).status();
        for (int i = 0; i < 5; i++) {
            assertEquals(201, ask.apply("198.51.100.7"));
        }
        assertEquals(429, ask.apply("198.51.100.7"));
        assertEquals(201, ask.apply("198.51.100.8"));
    }
}
