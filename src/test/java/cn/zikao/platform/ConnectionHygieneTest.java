package cn.zikao.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.zikao.testing.TestApp;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The HTTP server's connection hygiene over raw sockets, on a contract of the test's own: idle connections are
 * closed, trickled headers do not hold a connection, connections beyond the cap are answered BUSY and closed while
 * those before it carry on, and an oversize upload is refused without leaving files behind.
 */
class ConnectionHygieneTest {
    private static final String CONTRACT = """
            openapi: 3.1.0
            info: {title: t, version: '1'}
            security: []
            paths:
              /ping:
                get:
                  operationId: ping
                  responses: {'200': {description: ok}}
              /upload:
                post:
                  operationId: upload
                  requestBody: {content: {multipart/form-data: {schema: {type: object}}}}
                  responses: {'200': {description: ok}, '413': {description: big}}
            """;
    private static final Path DATA = Path.of("target/hygiene-data");

    private static Vertx vertx;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        port = TestApp.freePort();
        AppConfig config = new ConfigLoader(Map.of("ZIKAO_HTTP_PORT", String.valueOf(port), "ZIKAO_DATA_DIR", DATA.toString(),
                "ZIKAO_HTTP_IDLE_TIMEOUT_SECONDS", "1", "ZIKAO_HTTP_HEADER_TIMEOUT_SECONDS", "2",
                "ZIKAO_HTTP_MAX_CONNECTIONS", "3")).load(Path.of("config/application.yaml"));
        Contract contract = Contract.parse(new ByteArrayInputStream(CONTRACT.getBytes(StandardCharsets.UTF_8)));
        Module feature = new Module() {
            @Override
            public void routes(Operations ops) {
                ops.handle("ping", ctx -> Replies.ok(ctx, Map.of("ok", true)))
                        .handle("upload", ctx -> Replies.ok(ctx, Map.of("files", ctx.fileUploads().size())));
            }
        };
        Json.init();
        vertx = Vertx.vertx();
        ConnectionGate gate = new ConnectionGate(config.http());
        vertx.deployVerticle(() -> new HttpVerticle(config, contract, List.of(feature), ctx -> ctx.next(), gate),
                new DeploymentOptions().setInstances(2)).await(20, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    private static Socket connect() throws IOException {
        Socket s = new Socket("127.0.0.1", port);
        s.setSoTimeout(5000);
        return s;
    }

    /** Sends one keep-alive GET /ping and reads the answer's status line and headers up to its body. */
    private static String ping(Socket s) throws IOException {
        s.getOutputStream().write("GET /ping HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return readAnswer(s.getInputStream());
    }

    private static String readAnswer(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                return head.length() == 0 ? "EOF" : head.toString();
            }
            head.append((char) b);
        }
        String h = head.toString().toLowerCase();
        int at = h.indexOf("content-length:");
        int length = at < 0 ? 0 : Integer.parseInt(h.substring(at + 15, h.indexOf("\r\n", at)).trim());
        byte[] body = in.readNBytes(length);
        return head + new String(body, StandardCharsets.UTF_8);
    }

    /** Milliseconds until the server closes the socket (reads return EOF). */
    private static long millisUntilClosed(Socket s) throws IOException {
        long start = System.nanoTime();
        try {
            while (s.getInputStream().read() >= 0) {
                // nothing else is sent
            }
        } catch (SocketTimeoutException e) {
            return Long.MAX_VALUE;
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    @Test
    @DisplayName("a keep-alive connection left idle is closed after the idle timeout (1 s here)")
    void idleClosed() throws Exception {
        try (Socket s = connect()) {
            assertTrue(ping(s).startsWith("HTTP/1.1 200"));
            long closedAfter = millisUntilClosed(s);
            assertTrue(closedAfter >= 500 && closedAfter < 4000, "closed after " + closedAfter + " ms");
        }
    }

    @Test
    @DisplayName("a client that trickles its request head, a byte at a time, is closed after the header timeout (2 s here)")
    void trickledHeadersClosed() throws Exception {
        try (Socket s = connect()) {
            OutputStream out = s.getOutputStream();
            long start = System.nanoTime();
            boolean closed = false;
            for (int i = 0; i < 40 && !closed; i++) {
                try {
                    out.write('X');
                    out.flush();
                    Thread.sleep(400);
                    closed = probeClosed(s);
                } catch (IOException e) {
                    closed = true;
                }
            }
            long after = (System.nanoTime() - start) / 1_000_000;
            assertTrue(closed, "still open after " + after + " ms");
            assertTrue(after >= 1500 && after < 8000, "closed after " + after + " ms");
        }
    }

    private static boolean probeClosed(Socket s) throws IOException {
        s.setSoTimeout(50);
        try {
            return s.getInputStream().read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } finally {
            s.setSoTimeout(5000);
        }
    }

    @Test
    @DisplayName("beyond 3 open connections a new one is answered 503 BUSY and closed, while the 3 before it go on being served")
    void connectionCap() throws Exception {
        List<Socket> open = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                Socket s = connect();
                open.add(s);
                assertTrue(ping(s).startsWith("HTTP/1.1 200"));
            }
            try (Socket extra = connect()) {
                String answer = ping(extra);
                assertTrue(answer.startsWith("HTTP/1.1 503"), answer);
                assertTrue(answer.contains("\"code\":\"BUSY\""), answer);
                assertTrue(answer.toLowerCase().contains("retry-after: 1"), answer);
                assertTrue(millisUntilClosed(extra) < 2000);
            }
            for (Socket s : open) {
                assertTrue(ping(s).startsWith("HTTP/1.1 200"));
            }
            open.remove(0).close();
            Thread.sleep(200);
            try (Socket again = connect()) {
                assertTrue(ping(again).startsWith("HTTP/1.1 200"), "a place freed by a closed connection is taken again");
            }
        } finally {
            for (Socket s : open) {
                s.close();
            }
        }
    }

    @Test
    @DisplayName("an oversize upload, declared or chunked, is refused 413 and leaves no file under the upload directory")
    void oversizeUploadLeavesNothing() throws Exception {
        String boundary = "zkBoundary";
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"p.jpg\"\r\n"
                + "Content-Type: image/jpeg\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] chunk = new byte[64 * 1024];
        try (Socket s = connect()) {
            s.getOutputStream().write(("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary="
                    + boundary + "\r\nContent-Length: 50000000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String answer = readAnswer(s.getInputStream());
            assertTrue(answer.startsWith("HTTP/1.1 413"), "a declared 50 MB body is refused before it is sent: " + answer);
        }
        try (Socket s = connect()) {
            OutputStream out = s.getOutputStream();
            out.write(("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=" + boundary
                    + "\r\nTransfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            try {
                writeChunk(out, head);
                for (int i = 0; i < 16; i++) {
                    writeChunk(out, chunk);
                }
            } catch (IOException e) {
                // the server may close before the client has sent everything
            }
            String answer = readAnswer(s.getInputStream());
            assertTrue(answer.startsWith("HTTP/1.1 413") || answer.equals("EOF"), answer);
        }
        Thread.sleep(300);
        Path uploads = DATA.resolve("uploads");
        try (Stream<Path> files = Files.exists(uploads) ? Files.list(uploads) : Stream.empty()) {
            assertEquals(List.of(), files.toList());
        }
    }

    private static void writeChunk(OutputStream out, byte[] data) throws IOException {
        out.write((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(data);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }
}
