package cn.zikao.candidate;

import cn.zikao.auth.Passwords;
import cn.zikao.platform.Feature;
import cn.zikao.platform.PiiCipher;
import cn.zikao.platform.Platform;
import cn.zikao.plan.ExamPlan;
import cn.zikao.sms.SmsCodes;
import cn.zikao.sms.SmsOutbox;
import java.util.List;

/** The candidate features (新生注册, 完善资料, me), built once from the platform's parts. */
public final class Candidates {
    private Candidates() {}

    public static List<Feature> features(Platform platform, ExamPlan plan, PiiCipher pii, SmsCodes sms, SmsOutbox outbox,
                                         Passwords passwords) {
        CandidateRepository repo = new CandidateRepository(platform.pg(), pii, outbox);
        CandidateImages images = new CandidateImages(platform.vertx());
        Registrations registrations = new Registrations(plan, repo, images, new IdentityClaims(platform.redis()), sms,
                passwords, pii, platform.clock());
        return List.of(new RegistrationRoutes(registrations), new MeRoutes(new Profiles(platform.pg()), images, repo));
    }
}
