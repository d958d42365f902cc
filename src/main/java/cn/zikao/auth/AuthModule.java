package cn.zikao.auth;

import cn.zikao.identity.IdentityModule;
import cn.zikao.platform.Module;
import cn.zikao.platform.Operations;
import cn.zikao.platform.Platform;
import cn.zikao.platform.WaitingRoom;
import cn.zikao.sms.SmsModule;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** Sessions: login (password + SMS code, or phone + SMS code), logout, and the guard of every signed-in route. */
public final class AuthModule implements Module {
    private final Sessions sessions;
    private final SessionRoutes routes;
    private final SessionGuard guard;

    public AuthModule(Platform platform, IdentityModule identity, SmsModule sms) {
        this.sessions = new Sessions(platform.vertx(), platform.config().jwt(), platform.redis(), platform.clock());
        Logins logins = new Logins(identity.accounts(), platform.redis(), platform.pii(), identity.captchas(), sms.codes(),
                identity.passwords(), sessions, platform.clock(),
                new WaitingRoom(platform, "login", identity.passwords().work()));
        this.routes = new SessionRoutes(logins, sessions, platform.clock(), !platform.config().dev());
        this.guard = new SessionGuard(sessions);
    }

    @Override
    public void routes(Operations ops) {
        routes.routes(ops);
    }

    /** Put before the handler of every operation the contract marks as needing a session. */
    public Handler<RoutingContext> guard() {
        return guard;
    }

    public Sessions sessions() {
        return sessions;
    }
}
