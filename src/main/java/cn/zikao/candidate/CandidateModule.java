package cn.zikao.candidate;

import cn.zikao.identity.IdentityModule;
import cn.zikao.plan.PlanModule;
import cn.zikao.platform.Module;
import cn.zikao.platform.Operations;
import cn.zikao.platform.PiiCipher;
import cn.zikao.platform.Platform;
import cn.zikao.platform.WorkClass;
import cn.zikao.sms.SmsModule;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;

/** Candidates: 新生注册, 在籍考生完善资料, their own profile and photo, and the roster import. */
public final class CandidateModule implements Module {
    private final RegistrationRoutes registrations;
    private final MeRoutes me;
    private final CandidateEnrolments enrolments = new CandidateEnrolments();

    public CandidateModule(Platform platform, PlanModule plan, IdentityModule identity, SmsModule sms) {
        CandidateRepository repo = new CandidateRepository(platform.pg(), platform.pii(), sms.outbox());
        CandidateImages images = new CandidateImages(WorkClass.onWorkers(platform, "images", platform.config().work().images()));
        Registrations registrations = new Registrations(plan.plan(), repo, images, new IdentityClaims(platform.redis()),
                identity.accounts(), sms.codes(), identity.passwords(), platform.pii(), platform.clock());
        this.registrations = new RegistrationRoutes(registrations, plan.plan(), platform.clock());
        this.me = new MeRoutes(new Profiles(platform.pg()), images, repo);
    }

    @Override
    public void routes(Operations ops) {
        registrations.routes(ops);
        me.routes(ops);
    }

    /**
     * {@code import-roster FILE.csv}: 在籍 candidates upserted into the roster, the whole file or nothing; the exit
     * status (0 imported, 1 bad lines or a conflict). Blocking JDBC, from the command line only.
     */
    public static int importRoster(PiiCipher pii, Path file, Connection db, LocalDate today) throws IOException, SQLException {
        return new RosterImport(pii, System.out, System.err).run(file, db, today);
    }

    /** 考籍更改's write, for the enrolment module's transaction. */
    public CandidateEnrolments enrolments() {
        return enrolments;
    }
}
