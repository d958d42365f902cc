package cn.zikao.auth;

import io.vertx.ext.web.RoutingContext;
import java.time.Instant;

/** The authenticated candidate of a request, put there by {@link SessionGuard}. */
public record Session(long candidateId, String jti, Instant expiresAt) {
    static final String KEY = "zikao.session";

    public static Session of(RoutingContext ctx) {
        Session s = ctx.get(KEY);
        if (s == null) {
            throw new IllegalStateException("route has no session guard");
        }
        return s;
    }
}
