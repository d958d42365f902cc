package cn.zikao.platform;

import io.vertx.core.Handler;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.core.json.DecodeException;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one failure handler: every error becomes problem+json; no stack trace, SQL or personal data leaks. */
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
        ctx.response().setStatusCode(p.status()).putHeader("Content-Type", "application/problem+json")
                .end(Json.encode(new ProblemBody("https://zikao.cn/problems/" + p.code().toLowerCase().replace('_', '-'),
                        p.title(), p.status(), p.detail(), p.code(), p.errors().isEmpty() ? null : p.errors(),
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
            return Problem.validation("body", "MALFORMED", "请求内容格式不正确。");
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
            case 400: return Problem.validation(List.of(new FieldError("request", "MALFORMED", "请求格式不正确。")));
            case 401: return Problem.unauthenticated();
            case 403: return new Problem(403, "FORBIDDEN", "无权操作", "没有执行此操作的权限。");
            case 404: return Problem.notFound();
            case 405: return new Problem(405, "METHOD_NOT_ALLOWED", "不支持的请求方法", "此地址不支持该请求方法。");
            case 413: return new Problem(413, "PAYLOAD_TOO_LARGE", "提交内容过大", "提交的内容超过大小限制，请压缩图片后重试。");
            case 415: return new Problem(415, "UNSUPPORTED_MEDIA_TYPE", "不支持的内容类型", "请求的内容类型不受支持。");
            case 503: return Problem.unavailable();
            default:
                LOG.error("unhandled failure on {} {}", ctx.request().method(), ctx.request().path(), t);
                return new Problem(500, "INTERNAL", "系统错误", "系统出现错误，请稍后再试。");
        }
    }
}
