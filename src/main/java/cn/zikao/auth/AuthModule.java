package cn.zikao.auth;

import cn.zikao.identity.IdentityModule;
import cn.zikao.platform.Module;
import cn.zikao.platform.Operations;
import cn.zikao.platform.Platform;
import cn.zikao.platform.WaitingRoom;
import cn.zikao.sms.SmsModule;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.SqlClient;
import java.util.HexFormat;
import java.util.List;

/**
 * Sessions: login (password + SMS code, or phone + SMS code), logout, revocations that outlive Redis, and the guard
 * of every signed-in route.
 */
public final class AuthModule implements Module {
    private final Sessions sessions;
    private final Revocations revocations;
    private final LoginLockout lockout;
    private final SessionRoutes routes;
    private final SessionGuard guard;

    public AuthModule(Platform platform, IdentityModule identity, SmsModule sms) {
        this.revocations = new Revocations(platform.pg(), platform.redis(), platform.clock(), platform.config().jwt().ttlSeconds());
        this.sessions = new Sessions(platform.vertx(), platform.config().jwt(), revocations, platform.clock());
        this.lockout = new LoginLockout(platform.redis(), platform.clock());
        Logins logins = new Logins(identity.accounts(), lockout, platform.pii(), identity.captchas(), sms.codes(),
                identity.passwords(), sessions, new WaitingRoom(platform, "login", identity.passwords().work()));
        this.routes = new SessionRoutes(logins, sessions, platform.clock(), !platform.config().dev());
        this.guard = new SessionGuard(sessions);
    }

    @Override
    public void routes(Operations ops) {
        routes.routes(ops);
    }

    @Override
    public List<Deployable> background() {
        return List.of(new RevocationPrune(revocations));
    }

    /** Put before the handler of every operation the contract marks as needing a session. */
    public Handler<RoutingContext> guard() {
        return guard;
    }

    public Sessions sessions() {
        return sessions;
    }

    Revocations revocations() {
        return revocations;
    }

    /** At start-up: the Redis copy of the revocations filled from PostgreSQL. */
    public Future<Void> primeRevocations() {
        return revocations.fill();
    }

    /**
     * A password reset: every session of the candidate issued until now is refused on every instance, committed with
     * the caller's transaction {@code tx}.
     */
    public Future<Void> endSessions(SqlClient tx, long candidateId) {
        return revocations.cutOff(tx, candidateId);
    }

    /** A password reset lifts the login lockout of the candidate's ID number (by its HMAC). */
    public Future<Void> liftLockout(byte[] idNumberHmac) {
        return lockout.clear(HexFormat.of().formatHex(idNumberHmac));
    }
}
