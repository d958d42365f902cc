package cn.zikao.plan;

import cn.zikao.platform.AppConfig;
import cn.zikao.platform.Module;
import cn.zikao.platform.Operations;
import cn.zikao.platform.Platform;
import java.nio.file.Path;

/** The exam plan: read from its file once, stored in PostgreSQL, served as {@code GET /api/v1/plan}. */
public final class PlanModule implements Module {
    private final ExamPlan plan;
    private final PlanRoutes routes;

    public PlanModule(Platform platform, ExamPlan plan) {
        this.plan = plan;
        this.routes = new PlanRoutes(plan, platform.clock(), platform.config().orders().holdSeconds());
    }

    /** Reads the plan file and upserts it into PostgreSQL (JDBC, before any verticle); fails naming what is wrong. */
    public static ExamPlan loadAndStore(AppConfig config) {
        ExamPlan plan = read(config);
        PlanStore.upsert(config.postgres().uri(), plan);
        return plan;
    }

    /** The plan file as the configuration names it, checked but not stored. */
    public static ExamPlan read(AppConfig config) {
        return PlanFile.load(Path.of(config.plan()));
    }

    @Override
    public void routes(Operations ops) {
        routes.routes(ops);
    }

    public ExamPlan plan() {
        return plan;
    }
}
