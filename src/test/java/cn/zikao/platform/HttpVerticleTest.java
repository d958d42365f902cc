package cn.zikao.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import cn.zikao.testing.Api;
import cn.zikao.testing.TestApp;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The HTTP layer on a contract of the test's own, with one JSON and one multipart operation, so that the body
 * limits and the failure handler are held whatever the features register.
 */
class HttpVerticleTest {
    private static final String CONTRACT = """
            openapi: 3.1.0
            info: {title: t, version: '1'}
            security: []
            paths:
              /echo:
                post:
                  operationId: echo
                  requestBody: {content: {application/json: {schema: {type: object}}}}
                  responses: {'200': {description: ok}, '400': {description: bad}, '413': {description: big}}
              /upload:
                post:
                  operationId: upload
                  requestBody: {content: {multipart/form-data: {schema: {type: object}}}}
                  responses: {'200': {description: ok}, '413': {description: big}}
              /boom:
                get:
                  operationId: boom
                  responses: {'500': {description: a bug}}
            """;

    private static Vertx vertx;
    private static Api api;

    @BeforeAll
    static void start() throws Exception {
        int port = TestApp.freePort();
        AppConfig config = new ConfigLoader(Map.of("ZIKAO_HTTP_PORT", String.valueOf(port), "ZIKAO_DATA_DIR", "target/test-data"))
                .load(Path.of("config/application.yaml"));
        Contract contract = Contract.parse(new ByteArrayInputStream(CONTRACT.getBytes(StandardCharsets.UTF_8)));
        Module feature = new Module() {
            @Override
            public void routes(Operations ops) {
                ops.handle("echo", ctx -> Replies.ok(ctx, Map.of("fields", Json.decode(ctx.body().buffer(), Map.class).size())))
                        .handle("upload", ctx -> Replies.ok(ctx, Map.of("files", ctx.fileUploads().size())))
                        .handle("boom", ctx -> {
                            throw new IllegalStateException("SELECT id_number FROM candidate WHERE phone = '13800000000'");
                        });
            }
        };
        Json.init();
        vertx = Vertx.vertx();
        vertx.deployVerticle(() -> new HttpVerticle(config, contract, List.of(feature), ctx -> ctx.next(),
                        new ConnectionGate(config.http())),
                new io.vertx.core.DeploymentOptions().setInstances(1)).await(20, TimeUnit.SECONDS);
        api = new Api("http://127.0.0.1:" + port);
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    private static void assertProblem(Api.Reply r, int status, String code) {
        assertEquals(status, r.status(), r.text());
        assertEquals("application/problem+json", r.header("Content-Type"));
        assertEquals(code, r.code());
        assertEquals(status, r.json().getInteger("status"));
    }

    @Test
    @DisplayName("a JSON body up to 64 KiB is read, a larger one is a 413 PAYLOAD_TOO_LARGE problem")
    void jsonLimit() {
        String fits = new JsonObject().put("pad", "x".repeat(HttpVerticle.JSON_LIMIT - 20)).encode();
        assertEquals(200, api.post("/echo", fits).status());
        String tooBig = new JsonObject().put("pad", "x".repeat(HttpVerticle.JSON_LIMIT)).encode();
        assertProblem(api.post("/echo", tooBig), 413, "PAYLOAD_TOO_LARGE");
    }

    @Test
    @DisplayName("a multipart body up to 400 KiB is read, a larger one is a 413 PAYLOAD_TOO_LARGE problem")
    void multipartLimit() {
        assertEquals(200, api.send(multipart(300 * 1024)).status());
        assertProblem(api.send(multipart(HttpVerticle.MULTIPART_LIMIT + 1024)), 413, "PAYLOAD_TOO_LARGE");
    }

    @Test
    @DisplayName("malformed JSON, an array instead of an object and an empty body are 400 VALIDATION problems naming the body")
    void malformedJson() {
        Api.Reply r = api.post("/echo", "{\"name\": ");
        assertProblem(r, 400, "VALIDATION");
        assertEquals("body", r.json().getJsonArray("errors").getJsonObject(0).getString("field"));
        assertEquals("MALFORMED", r.json().getJsonArray("errors").getJsonObject(0).getString("code"));
        assertProblem(api.post("/echo", "[1, 2]"), 400, "VALIDATION");
        Api.Reply empty = api.post("/echo", "");
        assertProblem(empty, 400, "VALIDATION");
        assertEquals("REQUIRED", empty.json().getJsonArray("errors").getJsonObject(0).getString("code"));
    }

    @Test
    @DisplayName("an unknown route is 404 NOT_FOUND and a known path with another method 405, both problem+json")
    void unknownRouteAndMethod() {
        assertProblem(api.get("/nowhere"), 404, "NOT_FOUND");
        assertProblem(api.get("/echo"), 405, "METHOD_NOT_ALLOWED");
    }

    @Test
    @DisplayName("a bug is a 500 INTERNAL problem that carries neither the exception, its SQL nor personal data")
    void bugsDoNotLeak() {
        Api.Reply r = api.get("/boom");
        assertProblem(r, 500, "INTERNAL");
        assertFalse(r.text().contains("SELECT"), r.text());
        assertFalse(r.text().contains("13800000000"), r.text());
        assertFalse(r.text().contains("Exception"), r.text());
        assertFalse(r.text().contains("at cn.zikao"), r.text());
    }

    private static HttpRequest multipart(int fileBytes) {
        String boundary = "zikaoBoundary7MA4YWxk";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\n张三\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"p.jpg\"\r\n"
                + "Content-Type: image/jpeg\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(new byte[fileBytes]);
        out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return api.builder("/upload").header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(out.toByteArray())).build();
    }
}
