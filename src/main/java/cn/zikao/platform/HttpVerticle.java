package cn.zikao.platform;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.TimeoutHandler;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Serves the HTTP surface. Routes come from the contract ({@code openapi.yaml}); each operation gets its
 * body limit, the session guard when the contract says it needs a session, then its feature's handler.
 * One instance per event loop; all of them share the port.
 */
public final class HttpVerticle extends VerticleBase {
    public static final int JSON_LIMIT = 64 * 1024;
    public static final int MULTIPART_LIMIT = 400 * 1024;
    static final String HSTS = "max-age=31536000; includeSubDomains";

    private final AppConfig config;
    private final Contract contract;
    private final Map<String, Handler<RoutingContext>> handlers;
    private final Handler<RoutingContext> sessionGuard;
    private final List<Module> modules;
    private final ConnectionGate gate;
    private HttpServer server;

    /** {@code gate}: one for all the verticles of this instance. */
    public HttpVerticle(AppConfig config, Contract contract, List<Module> modules, Handler<RoutingContext> sessionGuard,
                        ConnectionGate gate) {
        this.config = config;
        this.gate = gate;
        this.contract = contract;
        Operations ops = new Operations();
        modules.forEach(m -> m.routes(ops));
        this.handlers = ops.all();
        this.sessionGuard = sessionGuard;
        this.modules = modules;
        check();
    }

    /** The contract and the code cannot drift: an operation without a handler, or a handler without an operation, stops start-up. */
    private void check() {
        Set<String> declared = new HashSet<>();
        for (Contract.Operation op : contract.operations()) {
            declared.add(op.id());
            if (!handlers.containsKey(op.id()) && (config.dev() || !op.devOnly())) {
                throw new ConfigException("openapi.yaml operation " + op.id() + " (" + op.method() + " " + op.path() + ") has no handler");
            }
        }
        for (String id : handlers.keySet()) {
            if (!declared.contains(id)) {
                throw new ConfigException("handler " + id + " is not an operation of openapi.yaml");
            }
        }
    }

    @Override
    public Future<?> start() {
        Router router = Router.router(vertx);
        ProblemHandler problems = new ProblemHandler();
        // Behind a load balancer, which instance answered is in every response, refusals and 404s included.
        String instance = config.http().instanceId();
        // prod is reached over TLS only (ended at the load balancer): browsers are told never to try cleartext
        boolean hsts = !config.dev();
        router.route().handler(ctx -> {
            ctx.response().putHeader("X-Zikao-Instance", instance);
            if (hsts) {
                ctx.response().putHeader("Strict-Transport-Security", HSTS);
            }
            ctx.next();
        });
        router.route().handler(gate::request);
        router.route().handler(ctx -> {
            WorkClass.follow(ctx);
            ctx.next();
        });
        router.route().handler(TimeoutHandler.create(config.http().requestTimeoutMs(), 503));
        String uploads = config.dataDir() + "/uploads";
        for (Contract.Operation op : contract.operations()) {
            if (op.devOnly() && !config.dev()) {
                continue;
            }
            HttpMethod method = HttpMethod.valueOf(op.method());
            // the media type is checked on a route of its own ahead of the operation's: a route takes no user
            // handler before its body handler, and nothing of the body is read before the type is right
            switch (op.body()) {
                case JSON -> router.route(method, op.routePath()).handler(BodyMediaType.json());
                case MULTIPART -> router.route(method, op.routePath()).handler(BodyMediaType.multipart());
                case NONE -> { }
            }
            Route route = router.route(method, op.routePath());
            switch (op.body()) {
                case JSON -> route.handler(BodyHandler.create(false).setBodyLimit(JSON_LIMIT));
                case MULTIPART -> route.handler(BodyHandler.create(uploads).setBodyLimit(MULTIPART_LIMIT).setDeleteUploadedFilesOnEnd(true));
                case NONE -> { }
            }
            if (op.authenticated()) {
                route.handler(sessionGuard);
            }
            route.handler(handlers.get(op.id()));
        }
        modules.forEach(m -> m.extraRoutes(router));
        router.route().failureHandler(problems);
        router.errorHandler(404, problems);
        router.errorHandler(405, problems);
        router.errorHandler(413, problems);
        router.errorHandler(500, problems);
        // The request line and headers of a browser fit in a few KiB; anything larger is refused before routing.
        // No cleartext HTTP/2: browsers speak it only over TLS (ended at the load balancer), and its detection
        // would hold a new connection back from the connection gate until the first bytes arrive.
        HttpServerOptions options = new HttpServerOptions().setHost(config.http().host()).setPort(config.http().port())
                .setCompressionSupported(true).setTcpNoDelay(true).setMaxFormAttributeSize(8192)
                .setDecompressionSupported(false).setHttp2ClearTextEnabled(false)
                .setIdleTimeout(config.http().idleTimeoutSeconds()).setIdleTimeoutUnit(TimeUnit.SECONDS)
                .setMaxInitialLineLength(4096).setMaxHeaderSize(16 * 1024);
        return vertx.createHttpServer(options).connectionHandler(c -> gate.opened(vertx, c)).requestHandler(router)
                .listen().onSuccess(s -> server = s);
    }

    /** Stops accepting and lets in-flight requests finish, for at most 10 seconds. */
    @Override
    public Future<?> stop() {
        return server == null ? Future.succeededFuture() : server.shutdown(10, TimeUnit.SECONDS);
    }

    public int port() {
        return server.actualPort();
    }
}
