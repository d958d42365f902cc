package cn.zikao.identity;

import cn.zikao.platform.Module;
import cn.zikao.platform.Operations;
import cn.zikao.platform.Platform;
import cn.zikao.platform.WorkClass;
import io.vertx.core.Deployable;
import java.util.List;

/** The rules and proofs of a person: captchas, password hashes, and who holds a phone or an ID number. */
public final class IdentityModule implements Module {
    private final Captchas captchas;
    private final Passwords passwords;
    private final Accounts accounts;
    private final Platform platform;

    public IdentityModule(Platform platform) {
        this.platform = platform;
        this.captchas = new Captchas(platform, WorkClass.onWorkers(platform, "captchas", platform.config().work().captchas()),
                platform.redis(), platform.config().captcha(), platform.pii(), platform.clock());
        this.passwords = new Passwords(WorkClass.onWorkers(platform, "passwords", platform.config().work().passwords()));
        this.accounts = new Accounts(platform.pg(), platform.pii());
    }

    @Override
    public void routes(Operations ops) {
        new CaptchaRoutes(captchas, platform.clients()).routes(ops);
    }

    @Override
    public List<Deployable> background() {
        return captchas.stock() == null ? List.of() : List.of(captchas.stock());
    }

    public Captchas captchas() {
        return captchas;
    }

    public Passwords passwords() {
        return passwords;
    }

    public Accounts accounts() {
        return accounts;
    }
}
