package cn.zikao.platform;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The open connections of this instance, shared by its HTTP verticles (Vert.x has no cap of its own). Beyond the
 * cap a new connection is kept only to answer its request 503 BUSY and then closed, so a browser shows the wait
 * instead of a network error; connections opened before it carry on. A connection whose first request head has not
 * arrived within the header timeout is closed, so trickled headers cannot hold connections.
 */
public final class ConnectionGate {
    private final int max;
    private final long headerTimeoutMs;
    private final AtomicInteger open = new AtomicInteger();
    private final Map<HttpConnection, Boolean> overCap = new ConcurrentHashMap<>();
    private final Map<HttpConnection, Boolean> heard = new ConcurrentHashMap<>();

    public ConnectionGate(AppConfig.Http http) {
        this.max = http.maxConnections();
        this.headerTimeoutMs = http.headerTimeoutSeconds() * 1000L;
    }

    /** For {@code HttpServer.connectionHandler}: counts the connection and starts its header timer. */
    void opened(Vertx vertx, HttpConnection c) {
        if (open.incrementAndGet() > max) {
            overCap.put(c, true);
        }
        long timer = vertx.setTimer(headerTimeoutMs, t -> {
            if (heard.remove(c) == null) {
                c.close();
            }
        });
        c.closeHandler(v -> {
            open.decrementAndGet();
            overCap.remove(c);
            heard.remove(c);
            vertx.cancelTimer(timer);
        });
    }

    /** The first handler of every request. */
    void request(RoutingContext ctx) {
        HttpConnection c = ctx.request().connection();
        heard.put(c, true);
        if (overCap.containsKey(c)) {
            ctx.response().putHeader("Connection", "close");
            ctx.addEndHandler(v -> c.close());
            ctx.fail(Busy.retryAfter(1));
            return;
        }
        ctx.next();
    }

    int open() {
        return open.get();
    }
}
