package cn.zikao.payment;

import cn.zikao.enrollment.GatewayCheck;
import cn.zikao.enrollment.OrderLedger;
import cn.zikao.platform.AppConfig;
import cn.zikao.platform.Feature;
import cn.zikao.platform.Platform;
import io.vertx.core.VerticleBase;
import java.util.Map;

/**
 * The payment feature assembled: the gateways by provider name, the routes, the ledger that records money,
 * the reconciliation the expiry sweep asks before voiding a PAYING order, and the lost-callback sweep.
 */
public final class Payments {
    private final Platform platform;
    private final PaymentGateway wechat;
    private final WechatPayKeys wechatKeys;
    private final PaymentMetrics metrics;
    private final PaymentLedger ledger;
    private final GatewayReconciler reconciler;
    private final OrderLedger orders;

    public Payments(Platform platform, OrderLedger orders) {
        this.platform = platform;
        AppConfig.Wechat wx = platform.config().payment().wechat();
        this.wechatKeys = WechatPayKeys.load(wx);
        this.wechat = new WechatPayGateway(platform.vertx(), wx, wechatKeys, platform.clock());
        this.metrics = new PaymentMetrics(platform.metrics());
        this.ledger = new PaymentLedger(platform.pg(), platform.clock(), metrics, orders);
        this.orders = orders;
        this.reconciler = new GatewayReconciler(wechat, ledger, platform.pg());
    }

    public Feature routes() {
        return new PaymentRoutes(platform.vertx(), Map.of(wechat.provider(), wechat),
                new OrderPayments(platform.pg(), orders, platform.clock()), ledger, wechatKeys, metrics, platform.clock());
    }

    /** One per instance; instances share the work through row locks. */
    public VerticleBase lostCallbackSweep() {
        return new LostCallbackSweep(platform.pg(), wechat, ledger, metrics, platform.clock(),
                platform.config().payment().wechat().queryAfterSeconds(), platform.config().orders().sweepIntervalMs());
    }

    /**
     * What the expiry sweep asks about an expired PAYING order: {@code PAID} (recorded), {@code NOT_PAID}
     * (closed at the gateway, may be voided) or {@code WAIT} (ask again on a later sweep).
     */
    public GatewayCheck gatewayCheck() {
        return order -> reconciler.verdict(order.outTradeNo());
    }
}
