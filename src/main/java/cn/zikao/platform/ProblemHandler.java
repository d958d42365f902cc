package cn.zikao.platform;

import io.vertx.core.Handler;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.core.json.DecodeException;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one failure handler: every error becomes problem+json; no stack trace, SQL or personal data leaks. Title,
 * detail and each {@code errors[].message} are catalogue keys ({@link Texts}) rendered in the language the request's
 * {@code Accept-Language} asks for ({@code bo} or {@code zh-CN}); the codes stay the same in every language.
 */
public final class ProblemHandler implements Handler<RoutingContext> {
    private static final Logger LOG = LoggerFactory.getLogger(ProblemHandler.class);

    @Override
    public void handle(RoutingContext ctx) {
        Problem p = toProblem(ctx);
        if (ctx.response().ended()) {
            return; // answered already (the request timed out, or the connection closed) while the work went on
        }
        if (ctx.response().headWritten()) {
            ctx.response().reset();
            return;
        }
        if (p.retryAfterSeconds() != null) {
            ctx.response().putHeader("Retry-After", String.valueOf(p.retryAfterSeconds()));
        }
        Busy busy = p instanceof Busy b ? b : null;
        if (busy != null && busy.ticket() != null) {
            ctx.response().putHeader(WaitingRoom.TICKET_HEADER, busy.ticket());
        }
        String lang = Texts.fromAcceptLanguage(ctx.request().getHeader("Accept-Language"));
        List<FieldError> errors = p.errors().stream()
                .map(e -> new FieldError(e.field(), e.code(), Texts.text(lang, e.message()))).toList();
        ctx.response().setStatusCode(p.status()).putHeader("Content-Type", "application/problem+json")
                .putHeader("Content-Language", lang).putHeader("Vary", "Accept-Language")
                .end(Json.encode(new ProblemBody("https://zikao.cn/problems/" + p.code().toLowerCase().replace('_', '-'),
                        Texts.text(lang, p.title()), p.status(), Texts.text(lang, p.detail()), p.code(),
                        errors.isEmpty() ? null : errors,
                        busy == null ? null : busy.position(), busy == null ? null : busy.waitSeconds())));
    }

    private static boolean poolFull(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ConnectionPoolTooBusyException) {
                return true;
            }
        }
        return false;
    }

    private static Problem toProblem(RoutingContext ctx) {
        Throwable t = ctx.failure();
        if (t instanceof Problem p) {
            return p;
        }
        if (t instanceof DecodeException) {
            return Problem.validation("body", "MALFORMED", "problem.malformed.body");
        }
        int status = t instanceof HttpException h ? h.getStatusCode() : t == null ? ctx.statusCode() : -1;
        if (poolFull(t)) {
            // a PostgreSQL or Redis pool's wait queue is full: the store is there, only busy
            return Busy.retryAfter(1);
        }
        if (Unavailable.is(t)) {
            LOG.warn("{} {}: store unavailable: {}", ctx.request().method(), ctx.request().path(), t.toString());
            return Problem.unavailable();
        }
        switch (status) {
            case 400: return Problem.validation(List.of(new FieldError("request", "MALFORMED", "problem.malformed.request")));
            case 401: return Problem.unauthenticated();
            case 403: return new Problem(403, "FORBIDDEN", "problem.forbidden.title", "problem.forbidden.detail");
            case 404: return Problem.notFound();
            case 405: return new Problem(405, "METHOD_NOT_ALLOWED", "problem.method-not-allowed.title", "problem.method-not-allowed.detail");
            case 413: return new Problem(413, "PAYLOAD_TOO_LARGE", "problem.payload-too-large.title", "problem.payload-too-large.detail");
            case 415: return new Problem(415, "UNSUPPORTED_MEDIA_TYPE", "problem.unsupported-media-type.title", "problem.unsupported-media-type.detail");
            case 503: return Problem.unavailable();
            default:
                LOG.error("unhandled failure on {} {}", ctx.request().method(), ctx.request().path(), t);
                return new Problem(500, "INTERNAL", "problem.internal.title", "problem.internal.detail");
        }
    }
}
