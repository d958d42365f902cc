package cn.zikao.platform;

import io.vertx.core.Deployable;
import io.vertx.ext.web.Router;
import java.util.List;

/**
 * A feature module's one public door to the running service: the handlers of its contract operations, any routes
 * outside the contract (the pages), and the background verticles it runs on every instance. A module is built from
 * the {@link Platform} and the doors of the modules below it, never above.
 */
public interface Module {
    default void routes(Operations ops) {}

    default void extraRoutes(Router router) {}

    default List<Deployable> background() {
        return List.of();
    }
}
