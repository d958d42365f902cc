package cn.zikao.auth;

import cn.zikao.platform.Problem;
import io.vertx.core.Handler;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Authenticates a request: {@code Authorization: Bearer} for API clients, or the HttpOnly {@code zk_session}
 * cookie for pages, in which case a state-changing request must carry {@code X-CSRF-Token} equal to the
 * {@code zk_csrf} cookie (double submit) and be the session's own token ({@link Sessions#csrfToken}): a pair of
 * cookie and header planted from another session is refused.
 */
final class SessionGuard implements Handler<RoutingContext> {
    public static final String SESSION_COOKIE = "zk_session";
    public static final String CSRF_COOKIE = "zk_csrf";
    public static final String CSRF_HEADER = "X-CSRF-Token";

    private final Sessions sessions;

    public SessionGuard(Sessions sessions) {
        this.sessions = sessions;
    }

    @Override
    public void handle(RoutingContext ctx) {
        String auth = ctx.request().getHeader("Authorization");
        String token;
        if (auth != null) {
            if (!auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
                ctx.fail(Problem.unauthenticated());
                return;
            }
            token = auth.substring(7).trim();
        } else {
            Cookie c = ctx.request().getCookie(SESSION_COOKIE);
            if (c == null) {
                ctx.fail(Problem.unauthenticated());
                return;
            }
            token = c.getValue();
            if (!safe(ctx.request().method()) && !csrfMatches(ctx)) {
                ctx.fail(csrfInvalid());
                return;
            }
        }
        boolean cookieChange = auth == null && !safe(ctx.request().method());
        sessions.verify(token).onSuccess(s -> {
            if (cookieChange && !MessageDigest.isEqual(sessions.csrfToken(s.jti()).getBytes(StandardCharsets.UTF_8),
                    ctx.request().getHeader(CSRF_HEADER).getBytes(StandardCharsets.UTF_8))) {
                ctx.fail(csrfInvalid());
                return;
            }
            ctx.put(Session.KEY, s);
            ctx.next();
        }).onFailure(ctx::fail);
    }

    private static Problem csrfInvalid() {
        return new Problem(403, "CSRF_INVALID", "problem.csrf-invalid.title", "problem.csrf-invalid.detail");
    }

    private static boolean safe(HttpMethod m) {
        return m == HttpMethod.GET || m == HttpMethod.HEAD || m == HttpMethod.OPTIONS;
    }

    private static boolean csrfMatches(RoutingContext ctx) {
        Cookie c = ctx.request().getCookie(CSRF_COOKIE);
        String header = ctx.request().getHeader(CSRF_HEADER);
        return c != null && header != null && !header.isEmpty() && MessageDigest.isEqual(
                c.getValue().getBytes(StandardCharsets.UTF_8), header.getBytes(StandardCharsets.UTF_8));
    }
}
