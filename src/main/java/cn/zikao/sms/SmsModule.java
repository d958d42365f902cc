package cn.zikao.sms;

import cn.zikao.identity.IdentityModule;
import cn.zikao.platform.Module;
import cn.zikao.platform.Operations;
import cn.zikao.platform.PiiRotation;
import cn.zikao.platform.Platform;
import io.vertx.core.Deployable;
import java.util.List;

/** SMS verification codes, their limits, and the outbox every message goes through with its dispatcher. */
public final class SmsModule implements Module {
    private final Platform platform;
    private final SmsOutbox outbox;
    private final SmsCodes codes;

    public SmsModule(Platform platform, IdentityModule identity) {
        this.platform = platform;
        this.outbox = new SmsOutbox(platform.pg(), platform.pii());
        this.codes = new SmsCodes(platform.redis(), identity.accounts(), platform.pii(), identity.captchas(), outbox,
                platform.config().sms(), platform.clock());
    }

    @Override
    public void routes(Operations ops) {
        new SmsRoutes(codes, outbox, platform.clients()).routes(ops);
    }

    @Override
    public List<Deployable> background() {
        var sms = platform.config().sms();
        return List.of(new SmsDispatcher(outbox, SmsDispatcher.provider(platform.vertx(), sms, platform.clock()),
                sms.dispatchIntervalMs(), platform.metrics()));
    }

    /** The sealed columns of the outbox, for {@code rotate-pii-key}. */
    public static List<PiiRotation.Table> sealedTables() {
        return List.of(new PiiRotation.Table("sms_outbox", List.of("id"), List.of("phone_enc", "params_enc"), "pii_key_id", false));
    }

    public SmsCodes codes() {
        return codes;
    }

    public SmsOutbox outbox() {
        return outbox;
    }
}
