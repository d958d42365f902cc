package cn.zikao.auth;

import cn.zikao.platform.Json;
import cn.zikao.platform.Operations;
import cn.zikao.platform.Replies;
import cn.zikao.platform.Times;
import cn.zikao.platform.WaitingRoom;
import io.micronaut.serde.annotation.Serdeable;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;

/**
 * {@code POST /api/v1/sessions} (login) and {@code DELETE /api/v1/sessions/current} (logout). The token is answered in
 * the body for API clients and set as the HttpOnly {@code zk_session} cookie for pages, with the {@code zk_csrf}
 * cookie the pages echo in {@code X-CSRF-Token}: bound to the session ({@link Sessions#csrfToken}). Cookies are
 * {@code Secure} outside the dev profile.
 */
final class SessionRoutes {
    private final Logins logins;
    private final Sessions sessions;
    private final Clock clock;
    private final boolean secureCookies;

    @Serdeable
    record LoginRequest(String method, String name, String idNumber, String password, String phone, String smsCode,
                        String captchaId, String captchaAnswer) {}

    @Serdeable
    record CandidateView(long candidateId, String admissionNo, String name, String idNumberMasked, String phoneMasked) {}

    @Serdeable
    record SessionView(String token, String expiresAt, CandidateView candidate) {}

    SessionRoutes(Logins logins, Sessions sessions, Clock clock, boolean secureCookies) {
        this.logins = logins;
        this.sessions = sessions;
        this.clock = clock;
        this.secureCookies = secureCookies;
    }

    void routes(Operations ops) {
        ops.handle("createSession", this::login).handle("deleteCurrentSession", this::logout);
    }

    private void login(RoutingContext ctx) {
        LoginRequest b = Json.decode(ctx.body().buffer(), LoginRequest.class);
        logins.login(new Logins.Request(b.method(), b.name(), b.idNumber(), b.password(), b.phone(), b.smsCode(),
                        b.captchaId(), b.captchaAnswer()), ctx.request().getHeader(WaitingRoom.TICKET_HEADER))
                .onSuccess(in -> {
                    long maxAge = Math.max(1, Duration.between(clock.instant(), in.session().expiresAt()).toSeconds());
                    ctx.response().addCookie(cookie(SessionGuard.SESSION_COOKIE, in.session().token(), maxAge).setHttpOnly(true));
                    ctx.response().addCookie(cookie(SessionGuard.CSRF_COOKIE, sessions.csrfToken(in.session().jti()), maxAge));
                    ctx.response().putHeader("Cache-Control", "no-store");
                    Logins.Candidate c = in.candidate();
                    Replies.ok(ctx, new SessionView(in.session().token(), Times.iso(in.session().expiresAt()),
                            new CandidateView(c.candidateId(), c.admissionNo(), c.name(), c.idNumberMasked(), c.phoneMasked())));
                })
                .onFailure(ctx::fail);
    }

    private void logout(RoutingContext ctx) {
        sessions.revoke(Session.of(ctx))
                .onSuccess(v -> {
                    ctx.response().addCookie(cookie(SessionGuard.SESSION_COOKIE, "", 0).setHttpOnly(true));
                    ctx.response().addCookie(cookie(SessionGuard.CSRF_COOKIE, "", 0));
                    Replies.noContent(ctx);
                })
                .onFailure(ctx::fail);
    }

    private Cookie cookie(String name, String value, long maxAge) {
        return Cookie.cookie(name, value).setPath("/").setSameSite(CookieSameSite.STRICT).setMaxAge(maxAge)
                .setSecure(secureCookies);
    }
}
