package cn.zikao;

import cn.zikao.auth.CaptchaRoutes;
import cn.zikao.auth.Captchas;
import cn.zikao.auth.Passwords;
import cn.zikao.auth.SessionGuard;
import cn.zikao.auth.SessionRoutes;
import cn.zikao.auth.Sessions;
import cn.zikao.candidate.Candidates;
import cn.zikao.enrollment.Enrollment;
import cn.zikao.enrollment.GatewayCheck;
import cn.zikao.enrollment.OpenOrder;
import cn.zikao.enrollment.SeatLedger;
import cn.zikao.payment.Payments;
import cn.zikao.paysim.PaySimulator;
import cn.zikao.paysim.SimulatorKeys;
import cn.zikao.plan.ExamPlan;
import cn.zikao.plan.PlanFile;
import cn.zikao.plan.PlanRoutes;
import cn.zikao.plan.PlanStore;
import cn.zikao.platform.AppConfig;
import cn.zikao.platform.Contract;
import cn.zikao.platform.Feature;
import cn.zikao.platform.HttpVerticle;
import cn.zikao.platform.Json;
import cn.zikao.platform.OpsRoutes;
import cn.zikao.platform.PiiCipher;
import cn.zikao.platform.Platform;
import cn.zikao.platform.Postgres;
import cn.zikao.platform.RedisStore;
import cn.zikao.platform.RuntimeMetrics;
import cn.zikao.sms.SmsCodes;
import cn.zikao.sms.SmsDispatcher;
import cn.zikao.sms.SmsOutbox;
import cn.zikao.sms.SmsRoutes;
import cn.zikao.web.WebRoutes;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running service: migrations and the exam plan first (JDBC, before any verticle), then Redis primed
 * from PostgreSQL, then one {@link HttpVerticle} per event loop and the background verticles.
 */
public final class Application {
    private static final Logger LOG = LoggerFactory.getLogger(Application.class);

    private final Platform platform;
    private final ExamPlan plan;
    private final List<String> deployments = new ArrayList<>();
    private final Sessions sessions;
    private final SeatLedger ledger;
    private final Enrollment enrollment;
    private final Payments payments;
    private final PiiCipher pii;
    private final Passwords passwords;
    private final Captchas captchas;
    private final SmsOutbox smsOutbox;
    private final SmsCodes smsCodes;

    private Application(Platform platform, ExamPlan plan) {
        this.platform = platform;
        this.plan = plan;
        this.sessions = new Sessions(platform.vertx(), platform.config().jwt(), platform.redis(), platform.clock());
        this.ledger = new SeatLedger(platform.redis(), platform.pg());
        // the expiry sweep asks the gateway through payments, which change orders through enrollment
        this.enrollment = new Enrollment(platform, plan, ledger, this::askGateway);
        this.payments = new Payments(platform, enrollment.orders());
        this.pii = new PiiCipher(platform.config().pii());
        this.passwords = new Passwords(platform.vertx());
        this.captchas = new Captchas(platform.vertx(), platform.redis(), platform.config().captcha().devAnswers());
        this.smsOutbox = new SmsOutbox(platform.pg(), pii);
        this.smsCodes = new SmsCodes(platform.redis(), platform.pg(), pii, captchas, smsOutbox, platform.config().sms(),
                platform.clock());
    }

    private Future<GatewayCheck.Verdict> askGateway(OpenOrder order) {
        return payments.gatewayCheck().check(order);
    }

    /** Starts everything and waits until the HTTP port is served; call from a plain thread, not an event loop. */
    public static Application start(AppConfig given, Clock clock) {
        AppConfig config = SimulatorKeys.fill(given);
        CompletableFuture<Void> mapper = CompletableFuture.runAsync(Json::init);
        Postgres.migrate(config.postgres().uri());
        ExamPlan plan = PlanFile.load(Path.of(config.plan()));
        PlanStore.upsert(config.postgres().uri(), plan);
        mapper.join();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Vertx vertx = Vertx.builder()
                .with(new VertxOptions().setWorkerPoolSize(config.workerPoolSize())
                        .setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)
                                .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true).setPublishQuantiles(true))
                                .addLabels(Label.HTTP_ROUTE, Label.HTTP_METHOD, Label.HTTP_CODE, Label.POOL_NAME, Label.POOL_TYPE)))
                .withMetrics(new MicrometerMetricsFactory(registry))
                .build();
        RuntimeMetrics.bind(vertx, registry);
        try {
            Platform platform = new Platform(vertx, config, Postgres.pool(vertx, config.postgres()),
                    new RedisStore(vertx, config.redis()), clock, registry);
            Application app = new Application(platform, plan);
            app.deploy().await(60, TimeUnit.SECONDS);
            return app;
        } catch (Exception e) {
            vertx.close();
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e.getMessage(), e);
        }
    }

    private Future<Void> deploy() {
        AppConfig config = platform.config();
        List<Feature> features = new ArrayList<>(List.of(
                new OpsRoutes(platform),
                new PlanRoutes(plan, ledger, platform.clock()),
                enrollment,
                new CaptchaRoutes(captchas),
                new SmsRoutes(smsCodes, smsOutbox),
                SessionRoutes.create(platform, pii, captchas, smsCodes, passwords, sessions)));
        features.addAll(Candidates.features(platform, plan, pii, smsCodes, smsOutbox, passwords));
        features.add(payments.routes());
        Contract contract = Contract.load();
        WebRoutes pages = WebRoutes.load();
        int instances = config.http().instances() > 0 ? config.http().instances()
                : 2 * Runtime.getRuntime().availableProcessors();
        return ledger.primeMissing(plan)
                .compose(v -> platform.vertx().deployVerticle(
                        () -> new HttpVerticle(config, contract, features, new SessionGuard(sessions), List.of(pages)),
                        new DeploymentOptions().setInstances(instances).setThreadingModel(ThreadingModel.EVENT_LOOP)))
                .onSuccess(deployments::add)
                .compose(id -> enrollment.deployBackground())
                .onSuccess(deployments::addAll)
                .compose(v -> platform.vertx().deployVerticle(new SmsDispatcher(smsOutbox,
                        SmsDispatcher.provider(platform.vertx(), config.sms(), platform.clock()),
                        config.sms().dispatchIntervalMs(), platform.metrics())))
                .onSuccess(deployments::add)
                .compose(v -> platform.vertx().deployVerticle(payments.lostCallbackSweep()))
                .onSuccess(deployments::add)
                .compose(v -> config.dev() && config.payment().simulator().enabled() ? startSimulator(config) : Future.succeededFuture())
                .mapEmpty();
    }

    /** The dev gateway in-process; if its port is taken, a standalone simulator is assumed to be serving there. */
    private Future<Void> startSimulator(AppConfig config) {
        AppConfig.Simulator sim = config.payment().simulator();
        return platform.vertx().deployVerticle(new PaySimulator(SimulatorKeys.ensure(config.dataDir()), sim.port(),
                        sim.timeScale(), platform.clock()))
                .onSuccess(id -> {
                    deployments.add(id);
                    LOG.info("payment gateway simulator at http://127.0.0.1:{}/", sim.port());
                })
                .<Void>mapEmpty()
                .recover(e -> {
                    LOG.warn("payment simulator not started on port {} ({}); using the one serving there", sim.port(), e.getMessage());
                    return Future.succeededFuture();
                });
    }

    public Platform platform() {
        return platform;
    }

    public ExamPlan plan() {
        return plan;
    }

    public Sessions sessions() {
        return sessions;
    }

    public SeatLedger ledger() {
        return ledger;
    }

    public Enrollment enrollment() {
        return enrollment;
    }

    public Payments payments() {
        return payments;
    }

    public PiiCipher pii() {
        return pii;
    }

    /** Graceful stop: HTTP servers stop accepting and finish in-flight requests (≤ 10 s), then pools close. */
    public void close() {
        try {
            for (String id : deployments) {
                platform.vertx().undeploy(id).await(12, TimeUnit.SECONDS);
            }
            platform.redis().close();
            platform.pg().close().await(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("shutdown: {}", e.toString());
        } finally {
            try {
                platform.vertx().close().await(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warn("shutdown: {}", e.toString());
            }
        }
    }
}
