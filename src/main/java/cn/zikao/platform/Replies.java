package cn.zikao.platform;

import io.vertx.ext.web.RoutingContext;

/** JSON answers; every handler ends in one of these or in {@code ctx.fail(err)}. */
public final class Replies {
    private Replies() {}

    public static void json(RoutingContext ctx, int status, Object body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json; charset=utf-8")
                .end(Json.encode(body));
    }

    public static void ok(RoutingContext ctx, Object body) {
        json(ctx, 200, body);
    }

    public static void created(RoutingContext ctx, Object body) {
        json(ctx, 201, body);
    }

    public static void noContent(RoutingContext ctx) {
        ctx.response().setStatusCode(204).end();
    }
}
