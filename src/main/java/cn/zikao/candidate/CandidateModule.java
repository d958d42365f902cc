package cn.zikao.candidate;

import cn.zikao.auth.AuthModule;
import cn.zikao.identity.IdentityModule;
import cn.zikao.plan.PlanModule;
import cn.zikao.platform.AppConfig;
import cn.zikao.platform.Module;
import cn.zikao.platform.Operations;
import cn.zikao.platform.PiiCipher;
import cn.zikao.platform.PiiRotation;
import cn.zikao.platform.Platform;
import cn.zikao.platform.WorkClass;
import cn.zikao.sms.SmsModule;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;

/** Candidates: 新生注册, 在籍考生完善资料, their own profile and photo, 找回密码, 换绑手机号, and the roster import. */
public final class CandidateModule implements Module {
    private final RegistrationRoutes registrations;
    private final MeRoutes me;
    private final AccountRoutes accounts;
    private final CandidateEnrolments enrolments = new CandidateEnrolments();
    private final CandidateCards cards;

    public CandidateModule(Platform platform, PlanModule plan, IdentityModule identity, SmsModule sms, AuthModule auth) {
        CandidateRepository repo = new CandidateRepository(platform.pg(), platform.pii(), sms.outbox());
        CandidateImages images = new CandidateImages(WorkClass.onWorkers(platform, "images", platform.config().work().images()),
                platform.vertx().fileSystem());
        Registrations registrations = new Registrations(plan.plan(), repo, images, new IdentityClaims(platform.redis()),
                identity.accounts(), sms.codes(), identity.passwords(), platform.pii(), platform.clock());
        this.registrations = new RegistrationRoutes(registrations, plan.plan(), platform.clock());
        this.cards = new CandidateCards(platform.pg(), platform.pii());
        this.me = new MeRoutes(new Profiles(platform.pg(), platform.pii()), images, repo);
        this.accounts = new AccountRoutes(new AccountChanges(platform.pg(), platform.pii(), identity.accounts(), identity.captchas(),
                sms.codes(), sms.outbox(), identity.passwords(), auth, platform.clock()));
    }

    @Override
    public void routes(Operations ops) {
        registrations.routes(ops);
        me.routes(ops);
        accounts.routes(ops);
    }

    /**
     * {@code import-roster FILE.csv}: 在籍 candidates upserted into the roster, the whole file or nothing; the exit
     * status (0 imported, 1 bad lines or a conflict). Blocking JDBC, from the command line only.
     */
    /** The sealed columns of this module's tables, for {@code rotate-pii-key}. */
    public static List<PiiRotation.Table> sealedTables() {
        return List.of(
                new PiiRotation.Table("candidate", List.of("id"), List.of("id_number_enc", "phone_enc"), "pii_key_id", false),
                new PiiRotation.Table("roster_entry", List.of("id_number_hmac"), List.of("id_number_enc"), "pii_key_id", false),
                new PiiRotation.Table("candidate_image", List.of("candidate_id", "kind"), List.of("content"), "pii_key_id", true));
    }

    public static int importRoster(PiiCipher pii, Path file, Connection db, LocalDate today) throws IOException, SQLException {
        return new RosterImport(pii, System.out, System.err).run(file, db, today);
    }

    /** {@code seed-candidates}: real candidates in bulk for load tests (dev profile only); the exit status. */
    public static int seed(AppConfig config, String[] args) {
        return SeedCandidates.run(config, args);
    }

    /** Who a 准考证 names, for the enrolment module. */
    public CandidateCards cards() {
        return cards;
    }

    /** 考籍更改's write, for the enrolment module's transaction. */
    public CandidateEnrolments enrolments() {
        return enrolments;
    }
}
