package cn.zikao.testing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** A plain HTTP client for the tests (real HTTP, JSON in and out). */
public final class Api {
    private final String base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1).build();

    public Api(String base) {
        this.base = base;
    }

    public String base() {
        return base;
    }

    /** An answer: status, headers and body, with the body read as JSON when it is. */
    public record Reply(int status, java.net.http.HttpHeaders headers, byte[] raw) {
        public String text() {
            return new String(raw, java.nio.charset.StandardCharsets.UTF_8);
        }

        public JsonObject json() {
            return new JsonObject(text());
        }

        public JsonArray array() {
            return new JsonArray(text());
        }

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        /** The problem+json {@code code}, or null. */
        public String code() {
            String ct = header("Content-Type");
            return ct != null && ct.contains("json") && text().startsWith("{") ? json().getString("code") : null;
        }

        @Override
        public String toString() {
            return status + " " + text();
        }
    }

    public Reply get(String path, String... headers) {
        return send(builder(path, headers).GET().build());
    }

    public Reply delete(String path, String... headers) {
        return send(builder(path, headers).DELETE().build());
    }

    public Reply post(String path, Object json, String... headers) {
        return send(jsonRequest("POST", path, json, headers));
    }

    public Reply put(String path, Object json, String... headers) {
        return send(jsonRequest("PUT", path, json, headers));
    }

    public Reply patch(String path, Object json, String... headers) {
        return send(jsonRequest("PATCH", path, json, headers));
    }

    public CompletableFuture<Reply> postAsync(String path, Object json, String... headers) {
        return http.sendAsync(jsonRequest("POST", path, json, headers), HttpResponse.BodyHandlers.ofByteArray())
                .thenApply(r -> new Reply(r.statusCode(), r.headers(), r.body()));
    }

    public Reply send(HttpRequest request) {
        try {
            HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return new Reply(r.statusCode(), r.headers(), r.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public CompletableFuture<Reply> sendAsync(HttpRequest request) {
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
                .thenApply(r -> new Reply(r.statusCode(), r.headers(), r.body()));
    }

    public HttpRequest jsonRequest(String method, String path, Object json, String... headers) {
        String body = json instanceof String s ? s : json instanceof Map<?, ?> m ? new JsonObject((Map<String, Object>) m).encode()
                : String.valueOf(json);
        return builder(path, headers).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build();
    }

    public HttpRequest.Builder builder(String path, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return b;
    }

    public static String[] bearer(String token) {
        return new String[] {"Authorization", "Bearer " + token};
    }
}
