package cn.zikao.payment;

import cn.zikao.enrollment.EnrollmentModule;
import cn.zikao.enrollment.OrderLedger;
import cn.zikao.platform.AppConfig;
import cn.zikao.platform.Module;
import cn.zikao.platform.Operations;
import cn.zikao.platform.Platform;
import cn.zikao.platform.WorkClass;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;

/**
 * Payments: the gateway client (WeChat Pay API v3), the candidate's QR code, the gateway's notifications, and every
 * PAYING order until the gateway has had its last word. Orders change state only through enrollment's door.
 */
public final class PaymentModule implements Module {
    private final Platform platform;
    private final PaymentGateway wechat;
    private final PaymentMetrics metrics;
    private final PaymentLedger ledger;
    private final OrderLedger orders;
    private final PaymentRoutes routes;

    public PaymentModule(Platform platform, EnrollmentModule enrollment) {
        this.platform = platform;
        AppConfig.Wechat wx = platform.config().payment().wechat();
        WechatPayKeys keys = WechatPayKeys.load(wx);
        this.wechat = new WechatPayGateway(platform.vertx(), wx, keys, platform.clock());
        this.metrics = new PaymentMetrics(platform.metrics());
        this.orders = enrollment.orders();
        this.ledger = new PaymentLedger(platform.pg(), platform.clock(), metrics, orders);
        this.routes = new PaymentRoutes(WorkClass.onWorkers(platform, "qrCodes", platform.config().work().qrCodes()), Map.of(wechat.provider(), wechat),
                new OrderPayments(orders, platform.clock()), ledger, keys, metrics, platform.clock());
    }

    @Override
    public void routes(Operations ops) {
        routes.routes(ops);
    }

    @Override
    public List<Deployable> background() {
        return List.of(new PayingOrderSweep(orders, new GatewayReconciler(wechat, ledger, orders), wechat, ledger, metrics,
                platform.pg(), platform.config().payment().wechat().queryAfterSeconds(),
                platform.config().orders().sweepIntervalMs()));
    }

    /** The payment part of {@code check}: invariant 5, and the payments waiting for an operator. */
    public Future<PaymentCheck.Report> check() {
        return PaymentCheck.run(platform.pg());
    }
}
