package cn.zikao.paysim;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URI;
import java.time.Clock;
import java.util.List;

/**
 * Sends a notification until the merchant answers 2xx, on WeChat Pay's schedule (15 s, 15 s, 30 s, 3 min,
 * 10 min, 20 min, 30 min ×3, 60 min, 3 h ×3, 6 h ×2), divided by the time scale. Each attempt is signed
 * afresh, so its timestamp is current.
 */
final class NotificationDelivery {
    private static final List<Long> SCHEDULE_SECONDS = List.of(15L, 15L, 30L, 180L, 600L, 1200L, 1800L, 1800L,
            1800L, 3600L, 10800L, 10800L, 10800L, 21600L, 21600L);

    private final Vertx vertx;
    private final WebClient client;
    private final Notifications notifications;
    private final Clock clock;
    private final int timeScale;

    NotificationDelivery(Vertx vertx, Notifications notifications, Clock clock, int timeScale) {
        this.vertx = vertx;
        this.client = WebClient.create(vertx, new WebClientOptions().setConnectTimeout(5000)
                .setUserAgent("Mozilla/4.0 (compatible; MSIE 6.0; Windows NT 5.1; SV1)"), new PoolOptions().setHttp1MaxSize(64));
        this.notifications = notifications;
        this.clock = clock;
        this.timeScale = timeScale;
    }

    void deliver(SimOrder order, String body, long delayMs) {
        if (delayMs > 0) {
            vertx.setTimer(delayMs, t -> attempt(order, body, 0));
        } else {
            attempt(order, body, 0);
        }
    }

    private void attempt(SimOrder order, String body, int n) {
        URI url = URI.create(order.notifyUrl);
        var request = client.postAbs(url.toString()).timeout(5000).putHeader("Content-Type", "application/json");
        notifications.headers(body, clock.instant().getEpochSecond()).forEach(request::putHeader);
        order.notifyAttempts++;
        request.sendBuffer(Buffer.buffer(body)).onComplete(ar -> {
            int status = ar.succeeded() ? ar.result().statusCode() : 0;
            order.lastNotifyStatus = status;
            if (status >= 200 && status < 300) {
                order.notifyDelivered++;
            } else if (n < SCHEDULE_SECONDS.size()) {
                vertx.setTimer(Math.max(1, SCHEDULE_SECONDS.get(n) * 1000 / timeScale), t -> attempt(order, body, n + 1));
            }
        });
    }
}
