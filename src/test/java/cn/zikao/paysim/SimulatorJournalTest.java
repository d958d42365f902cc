package cn.zikao.paysim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The standalone simulator's journal: stopped and started again, it still holds what it held and what was paid. */
class SimulatorJournalTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    @DisplayName("orders in the journal are held again on start; a payment is appended and survives the next restart")
    void restartKeepsOrders() throws Exception {
        SimOrder paid = new SimOrder("ZKJOURNAL000001", "wxapp", "1900000109", 7600, "http://127.0.0.1:9/notify",
                Instant.now().plusSeconds(1800), "weixin://wxpay/bizpayurl?pr=aaaaaaaaaaa");
        paid.state = "SUCCESS";
        paid.transactionId = "4200000000000000000000001";
        paid.successTime = Instant.parse("2026-12-03T08:00:00Z");
        paid.paidFen = 7600;
        SimOrder open = new SimOrder("ZKJOURNAL000002", "wxapp", "1900000109", 4000, "http://127.0.0.1:9/notify",
                Instant.now().plusSeconds(1800), "weixin://wxpay/bizpayurl?pr=bbbbbbbbbbb");
        SimulatorKeys keys = SimulatorKeys.ensure(dir.toString());
        Path journal = dir.resolve("paysim").resolve("orders.jsonl");
        Files.writeString(journal, paid.journal().encode() + "\n" + open.journal().encode() + "\n");

        int port = freePort();
        Vertx vertx = Vertx.vertx();
        try {
            String id = vertx.deployVerticle(new PaySimulator(keys, "127.0.0.1", port, 1, Clock.systemUTC(), false, journal))
                    .await(30, TimeUnit.SECONDS);
            assertEquals(List.of("ZKJOURNAL000001"), paidNos(port));
            assertEquals("4200000000000000000000001", get(port, "/sim/orders/ZKJOURNAL000001").getString("transaction_id"));
            assertEquals(7600, get(port, "/sim/orders/ZKJOURNAL000001").getJsonObject("amount").getInteger("total"));
            HttpResponse<String> pay = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/sim/pay/ZKJOURNAL000002?drop=true"))
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, pay.statusCode(), pay.body());
            String tx = new JsonObject(pay.body()).getString("transaction_id");
            vertx.undeploy(id).await(30, TimeUnit.SECONDS);

            vertx.deployVerticle(new PaySimulator(keys, "127.0.0.1", port, 1, Clock.systemUTC(), false, journal))
                    .await(30, TimeUnit.SECONDS);
            assertEquals(List.of("ZKJOURNAL000001", "ZKJOURNAL000002"), paidNos(port));
            JsonObject again = get(port, "/sim/orders/ZKJOURNAL000002");
            assertEquals(tx, again.getString("transaction_id"));
            assertEquals(4000, again.getJsonObject("amount").getInteger("payer_total"));
            assertTrue(Files.readAllLines(journal).size() >= 3, "the payment was appended");
        } finally {
            vertx.close().await(30, TimeUnit.SECONDS);
        }
    }

    private static List<String> paidNos(int port) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/sim/orders?state=SUCCESS"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return new JsonArray(r.body()).stream().map(j -> ((JsonObject) j).getString("out_trade_no")).sorted().toList();
    }

    private static JsonObject get(int port, String path) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return new JsonObject(r.body());
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
