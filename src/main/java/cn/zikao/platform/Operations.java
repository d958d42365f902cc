package cn.zikao.platform;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;

/** Handlers by operation id; {@link HttpVerticle} matches them one to one with the contract. */
public final class Operations {
    private final Map<String, Handler<RoutingContext>> handlers = new LinkedHashMap<>();

    public Operations handle(String operationId, Handler<RoutingContext> handler) {
        if (handlers.putIfAbsent(operationId, handler) != null) {
            throw new ConfigException("operation " + operationId + " has two handlers");
        }
        return this;
    }

    Map<String, Handler<RoutingContext>> all() {
        return handlers;
    }
}
