package cn.zikao.web;

import cn.zikao.platform.Module;
import io.vertx.ext.web.Router;

/** The candidates' pages, read once at start-up and served from memory beside the API. */
public final class WebModule implements Module {
    private final WebRoutes pages = WebRoutes.load();

    @Override
    public void extraRoutes(Router router) {
        pages.handle(router);
    }
}
