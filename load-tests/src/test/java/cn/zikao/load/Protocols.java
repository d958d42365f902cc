package cn.zikao.load;

import static io.gatling.javaapi.http.HttpDsl.http;

import io.gatling.javaapi.http.HttpProtocolBuilder;

/** The HTTP protocol every simulation shares; the instance under test comes from {@code -DbaseUrl}. */
public final class Protocols {
    public static final String BASE_URL = System.getProperty("baseUrl", "http://localhost:8080");

    public static final HttpProtocolBuilder JSON_API = http.baseUrl(BASE_URL)
            .acceptHeader("application/json")
            .acceptEncodingHeader("gzip")
            .userAgentHeader("zikao-gatling")
            .shareConnections();

    private Protocols() {}
}
