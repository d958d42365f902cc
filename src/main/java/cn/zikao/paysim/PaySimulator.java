package cn.zikao.paysim;

import cn.zikao.payment.Rejected;
import cn.zikao.payment.WechatPaySignature;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WeChat Pay API v3 server side, for the dev profile and tests: Native orders, query and close, each
 * request's merchant signature checked and each answer signed with the simulated platform key. Paying
 * ({@code POST /sim/pay/{outTradeNo}}) sends encrypted, signed notifications to the order's notify_url on the
 * gateway's retry schedule until one gets a 2xx. {@code GET /sim/orders[?state=S]} lists what it holds. Orders live
 * in memory; one instance, one event loop.
 */
final class PaySimulator extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(PaySimulator.class);

    private final int port;
    private final String merchantSerial;
    private final PublicKey merchantKey;
    private final Notifications notifications;
    private final Clock clock;
    private final int timeScale;
    private final Map<String, SimOrder> orders = new HashMap<>();
    private final SimReplies replies;
    private final boolean mayFindOneServing;
    private NotificationDelivery delivery;
    private HttpServer server;
    private final String host;
    /** The standalone simulator's journal of its orders (null in the service's process), appended on each change. */
    private final Path journal;
    private AsyncFile journalFile;

    /** {@code mayFindOneServing}: if the port is taken, a standalone simulator is assumed to serve there. */
    PaySimulator(SimulatorKeys keys, String host, int port, int timeScale, Clock clock, boolean mayFindOneServing) {
        this(keys, host, port, timeScale, clock, mayFindOneServing, null);
    }

    /**
     * With a {@code journal}, the orders it names (each line an order's latest state) are held again, and every change
     * is appended to it: a simulator stopped and started again is a gateway that was away, not one that forgot.
     */
    PaySimulator(SimulatorKeys keys, String host, int port, int timeScale, Clock clock, boolean mayFindOneServing, Path journal) {
        this.journal = journal;
        this.host = host;
        this.port = port;
        this.mayFindOneServing = mayFindOneServing;
        this.merchantSerial = keys.merchantSerial();
        this.merchantKey = keys.merchantPublicKey();
        this.notifications = Notifications.of(keys);
        this.clock = clock;
        this.timeScale = Math.max(1, timeScale);
        this.replies = new SimReplies(keys.platformPrivateKey(), keys.platformSerial(), clock);
    }

    @Override
    public Future<?> start() {
        if (journal == null) {
            return serve();
        }
        return vertx.fileSystem().exists(journal.toString())
                .compose(there -> there ? vertx.fileSystem().readFile(journal.toString()) : Future.succeededFuture(Buffer.buffer()))
                .compose(held -> {
                    for (String line : held.toString().split("\n")) {
                        if (!line.isBlank()) {
                            SimOrder o = SimOrder.fromJournal(new JsonObject(line));
                            orders.put(o.outTradeNo, o);
                        }
                    }
                    LOG.info("payment simulator journal {}: {} orders held", journal, orders.size());
                    return vertx.fileSystem().open(journal.toString(), new OpenOptions().setAppend(true).setCreate(true));
                })
                .compose(f -> {
                    journalFile = f;
                    return serve();
                });
    }

    @Override
    public Future<?> stop() {
        return journalFile == null ? Future.succeededFuture() : journalFile.close();
    }

    private void record(SimOrder o) {
        if (journalFile != null) {
            journalFile.write(Buffer.buffer(o.journal().encode() + "\n"));
        }
    }

    private Future<Void> serve() {
        delivery = new NotificationDelivery(vertx, notifications, clock, timeScale);
        Router r = Router.router(vertx);
        r.route().handler(BodyHandler.create(false).setBodyLimit(64 * 1024));
        r.post("/v3/pay/transactions/native").handler(this::createNative);
        r.get("/v3/pay/transactions/out-trade-no/:no").handler(this::query);
        r.post("/v3/pay/transactions/out-trade-no/:no/close").handler(this::close);
        r.post("/sim/pay/:no").handler(this::pay);
        r.get("/sim/orders").handler(this::list);
        r.get("/sim/orders/:no").handler(this::view);
        r.post("/sim/notifications/:no").handler(new NotificationSamples(notifications, orders, clock)::answer);
        return vertx.createHttpServer().requestHandler(r).listen(port, host)
                .onSuccess(s -> {
                    server = s;
                    LOG.info("payment gateway simulator at http://{}:{}/", host, s.actualPort());
                })
                .<Void>mapEmpty()
                .recover(e -> {
                    if (!mayFindOneServing) {
                        return Future.failedFuture(e);
                    }
                    LOG.warn("payment simulator not started on port {} ({}); using the one serving there", port, e.getMessage());
                    return Future.succeededFuture();
                });
    }

    private void createNative(RoutingContext ctx) {
        String mchId = merchant(ctx);
        if (mchId == null) {
            return;
        }
        JsonObject b = ctx.body().asJsonObject();
        JsonObject amount = b == null ? null : b.getJsonObject("amount");
        if (b == null || b.getString("out_trade_no") == null || b.getString("notify_url") == null
                || b.getString("appid") == null || b.getString("description") == null || amount == null
                || amount.getInteger("total", 0) <= 0 || !mchId.equals(b.getString("mchid"))) {
            replies.signed(ctx, 400, SimReplies.error("PARAM_ERROR", "参数错误"));
            return;
        }
        String no = b.getString("out_trade_no");
        SimOrder existing = orders.get(no);
        if (existing != null) {
            switch (existing.state) {
                case "SUCCESS" -> replies.signed(ctx, 400, SimReplies.error("ORDERPAID", "该订单已支付"));
                case "CLOSED" -> replies.signed(ctx, 400, SimReplies.error("ORDER_CLOSED", "订单已关闭"));
                default -> replies.signed(ctx, 200, new JsonObject().put("code_url", existing.codeUrl));
            }
            return;
        }
        String expire = b.getString("time_expire");
        SimOrder o = new SimOrder(no, b.getString("appid"), mchId, amount.getInteger("total"), b.getString("notify_url"),
                expire == null ? null : OffsetDateTime.parse(expire).toInstant(),
                "weixin://wxpay/bizpayurl?pr=" + UUID.randomUUID().toString().replace("-", "").substring(0, 11));
        orders.put(no, o);
        record(o);
        replies.signed(ctx, 200, new JsonObject().put("code_url", o.codeUrl));
    }

    private void query(RoutingContext ctx) {
        String mchId = merchant(ctx);
        if (mchId == null) {
            return;
        }
        SimOrder o = orders.get(ctx.pathParam("no"));
        if (o == null || !o.mchId.equals(ctx.queryParams().get("mchid"))) {
            replies.signed(ctx, 404, SimReplies.error("ORDER_NOT_EXIST", "订单不存在"));
            return;
        }
        replies.signed(ctx, 200, o.transaction());
    }

    private void close(RoutingContext ctx) {
        String mchId = merchant(ctx);
        if (mchId == null) {
            return;
        }
        SimOrder o = orders.get(ctx.pathParam("no"));
        if (o == null) {
            replies.signed(ctx, 404, SimReplies.error("ORDER_NOT_EXIST", "订单不存在"));
        } else if ("SUCCESS".equals(o.state)) {
            replies.signed(ctx, 400, SimReplies.error("ORDERPAID", "该订单已支付"));
        } else {
            o.state = "CLOSED";
            record(o);
            replies.signed(ctx, 204, null);
        }
    }

    /** The candidate scans and pays: refused for a closed or expired order; paying twice pays once. */
    private void pay(RoutingContext ctx) {
        SimOrder o = orders.get(ctx.pathParam("no"));
        int duplicates = intParam(ctx, "duplicates", 0);
        int delayMs = intParam(ctx, "delayMs", 0);
        boolean drop = "true".equals(ctx.queryParams().get("drop"));
        if (o == null) {
            SimReplies.plain(ctx, 404, SimReplies.error("ORDER_NOT_EXIST", "订单不存在"));
            return;
        }
        if ("CLOSED".equals(o.state)) {
            SimReplies.plain(ctx, 409, SimReplies.error("ORDER_CLOSED", "订单已关闭"));
            return;
        }
        Instant now = clock.instant();
        if (!"SUCCESS".equals(o.state)) {
            if (o.expiresAt != null && !now.isBefore(o.expiresAt)) {
                SimReplies.plain(ctx, 409, SimReplies.error("ORDER_EXPIRED", "订单已过期"));
                return;
            }
            o.state = "SUCCESS";
            o.transactionId = "42000" + System.currentTimeMillis() + ThreadLocalRandom.current().nextInt(100_000, 1_000_000);
            o.successTime = now;
            o.paidFen = o.totalFen;
            record(o);
        }
        if (!drop) {
            JsonObject envelope = notifications.envelope(o.transaction(), now);
            for (int i = 0; i <= duplicates; i++) {
                delivery.deliver(o, envelope.encode(), delayMs);
            }
        }
        SimReplies.plain(ctx, 200, new JsonObject().put("out_trade_no", o.outTradeNo).put("transaction_id", o.transactionId)
                .put("notifications", drop ? 0 : duplicates + 1));
    }

    private void view(RoutingContext ctx) {
        SimOrder o = orders.get(ctx.pathParam("no"));
        if (o == null) {
            SimReplies.plain(ctx, 404, SimReplies.error("ORDER_NOT_EXIST", "订单不存在"));
        } else {
            SimReplies.plain(ctx, 200, o.view());
        }
    }

    /**
     * Every order it holds, or those in one trade state ({@code ?state=SUCCESS}: the paid ones, which a fault test
     * compares with the service's database), in one answer.
     */
    private void list(RoutingContext ctx) {
        String state = ctx.queryParams().get("state");
        JsonArray all = new JsonArray();
        orders.values().stream().filter(o -> state == null || state.equals(o.state)).map(SimOrder::view).forEach(all::add);
        ctx.response().putHeader("Content-Type", "application/json; charset=utf-8").end(all.encode());
    }

    /** The mchid of a correctly signed request, or null after answering 401. */
    private String merchant(RoutingContext ctx) {
        String body = ctx.body().buffer() == null ? "" : ctx.body().buffer().toString();
        try {
            return WechatPaySignature.verifyAuthorization(ctx.request().getHeader("Authorization"),
                    ctx.request().method().name(), ctx.request().uri(), body, clock,
                    serial -> merchantSerial.equals(serial) ? merchantKey : null);
        } catch (Rejected e) {
            LOG.info("refused {} {}: {}", ctx.request().method(), ctx.request().path(), e.getMessage());
            replies.signed(ctx, 401, SimReplies.error("SIGN_ERROR", "签名错误"));
            return null;
        }
    }

    private static int intParam(RoutingContext ctx, String name, int fallback) {
        try {
            String v = ctx.queryParams().get(name);
            return v == null ? fallback : Math.max(0, Math.min(1000, Integer.parseInt(v)));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
