package cn.zikao;

import cn.zikao.auth.AuthModule;
import cn.zikao.candidate.CandidateModule;
import cn.zikao.enrollment.EnrollmentModule;
import cn.zikao.identity.IdentityModule;
import cn.zikao.payment.PaymentModule;
import cn.zikao.paysim.PaySimModule;
import cn.zikao.plan.ExamPlan;
import cn.zikao.plan.PlanModule;
import cn.zikao.platform.AppConfig;
import cn.zikao.platform.ConnectionGate;
import cn.zikao.platform.Contract;
import cn.zikao.platform.HttpVerticle;
import cn.zikao.platform.Json;
import cn.zikao.platform.Module;
import cn.zikao.platform.OpsRoutes;
import cn.zikao.platform.Platform;
import cn.zikao.platform.Postgres;
import cn.zikao.platform.RuntimeMetrics;
import cn.zikao.sms.SmsModule;
import cn.zikao.web.WebModule;
import io.vertx.core.Deployable;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running service: migrations and the exam plan first (JDBC, before any verticle), then the modules, each
 * built from the platform and the modules below it, then Redis primed from PostgreSQL (seats, revocations), one {@link HttpVerticle}
 * per event loop serving every module's routes, and every module's background verticles.
 */
public final class Application {
    private static final Logger LOG = LoggerFactory.getLogger(Application.class);

    private final Platform platform;
    private final PlanModule plan;
    private final AuthModule auth;
    private final EnrollmentModule enrollment;
    private final PaymentModule payment;
    private final List<Module> modules;
    private final List<String> deployments = new ArrayList<>();

    private Application(Platform platform, ExamPlan examPlan) {
        this.platform = platform;
        this.plan = new PlanModule(platform, examPlan);
        IdentityModule identity = new IdentityModule(platform);
        SmsModule sms = new SmsModule(platform, identity);
        this.auth = new AuthModule(platform, identity, sms);
        CandidateModule candidates = new CandidateModule(platform, plan, identity, sms, auth);
        this.enrollment = new EnrollmentModule(platform, plan, candidates);
        this.payment = new PaymentModule(platform, enrollment);
        this.modules = List.of(new OpsRoutes(platform), new WebModule(), plan, identity, sms, auth, candidates, enrollment,
                payment, new PaySimModule(platform));
    }

    /** Starts everything and waits until the HTTP port is served; call from a plain thread, not an event loop. */
    public static Application start(AppConfig given, Clock clock) {
        AppConfig config = PaySimModule.withDevKeys(given);
        CompletableFuture<Void> mapper = CompletableFuture.runAsync(Json::init);
        Postgres.migrate(config.postgres().uri());
        ExamPlan examPlan = PlanModule.loadAndStore(config);
        mapper.join();
        Platform platform = Platform.open(config, clock);
        RuntimeMetrics.bind(platform.vertx(), platform.metrics());
        try {
            Application app = new Application(platform, examPlan);
            app.deploy().await(60, TimeUnit.SECONDS);
            return app;
        } catch (Exception e) {
            platform.vertx().close();
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e.getMessage(), e);
        }
    }

    private Future<Void> deploy() {
        AppConfig config = platform.config();
        Contract contract = Contract.load();
        int instances = config.http().instances() > 0 ? config.http().instances()
                : 2 * Runtime.getRuntime().availableProcessors();
        ConnectionGate gate = new ConnectionGate(config.http());
        Future<Void> all = enrollment.primeSeats()
                .compose(v -> auth.primeRevocations())
                .compose(v -> platform.vertx().deployVerticle(() -> new HttpVerticle(config, contract, modules, auth.guard(), gate),
                        new DeploymentOptions().setInstances(instances).setThreadingModel(ThreadingModel.EVENT_LOOP)))
                .onSuccess(deployments::add)
                .mapEmpty();
        for (Module m : modules) {
            for (Deployable v : m.background()) {
                all = all.compose(x -> platform.vertx().deployVerticle(v)).onSuccess(deployments::add).mapEmpty();
            }
        }
        return all;
    }

    public Platform platform() {
        return platform;
    }

    public ExamPlan plan() {
        return plan.plan();
    }

    public AuthModule auth() {
        return auth;
    }

    public EnrollmentModule enrollment() {
        return enrollment;
    }

    public PaymentModule payment() {
        return payment;
    }

    /** Graceful stop: HTTP servers stop accepting and finish in-flight requests (≤ 10 s), then pools close. */
    public void close() {
        try {
            for (String id : deployments) {
                platform.vertx().undeploy(id).await(12, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            LOG.warn("shutdown: {}", e.toString());
        } finally {
            platform.close();
        }
    }
}
