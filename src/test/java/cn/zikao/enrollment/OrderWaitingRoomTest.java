package cn.zikao.enrollment;

import static cn.zikao.enrollment.Candidates.order;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.zikao.testing.Api;
import cn.zikao.testing.TestApp;
import cn.zikao.testing.Work;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** 统考报名 past its bound (one order at a time, none waiting) and QR drawing with no place at all. */
class OrderWaitingRoomTest {
    private static final String ORDERS = "/api/v1/sittings/271/orders";
    private static final String TICKET = "X-Zikao-Queue-Ticket";

    @RegisterExtension
    static final TestApp app = TestApp.create().env("ZIKAO_WORK_ORDERS", "1:0").env("ZIKAO_WORK_QR_CODES", "0:0");

    @Test
    @DisplayName("12 orders at once: the first answers are orders or BUSY with a place within 500 ms, every order is placed exactly once after retries with the tickets, and nothing else is written")
    void ordersQueue() throws Exception {
        List<Candidates.Candidate> who = Candidates.create(app, 12, "0100", "030301", true);
        long admittedBefore = Work.admitted(app, "orders");
        List<CompletableFuture<Api.Reply>> first = new ArrayList<>();
        List<Long> sentAt = new ArrayList<>();
        for (Candidates.Candidate c : who) {
            sentAt.add(System.nanoTime());
            first.add(app.api().postAsync(ORDERS, order(2, "00018"), c.auth()));
        }
        List<String> tickets = new ArrayList<>();
        int busy = 0;
        for (int i = 0; i < who.size(); i++) {
            Api.Reply r = first.get(i).join();
            long ms = (System.nanoTime() - sentAt.get(i)) / 1_000_000;
            if (r.status() == 201) {
                tickets.add(null);
                continue;
            }
            assertEquals("BUSY", r.code(), r.text());
            assertTrue(ms < 500, "BUSY after " + ms + " ms");
            assertTrue(Integer.parseInt(r.header("Retry-After")) >= 1);
            assertNotNull(r.header(TICKET));
            tickets.add(r.header(TICKET));
            busy++;
        }
        assertTrue(busy >= 1, "one order at a time: some of 12 at once wait");
        assertEquals(12 - busy, Candidates.count(app, "SELECT count(*) FROM exam_order"), "a BUSY answer writes nothing");
        ExecutorService clients = Executors.newFixedThreadPool(busy);
        List<CompletableFuture<Void>> retries = new ArrayList<>();
        for (int i = 0; i < who.size(); i++) {
            if (tickets.get(i) == null) {
                continue;
            }
            Candidates.Candidate c = who.get(i);
            String first0 = tickets.get(i);
            retries.add(CompletableFuture.runAsync(() -> {
                String ticket = first0;
                for (int attempt = 0; attempt < 200; attempt++) {
                    Api.Reply r = app.api().send(app.api().jsonRequest("POST", ORDERS, order(2, "00018"),
                            "Authorization", "Bearer " + c.token(), TICKET, ticket));
                    if (r.status() == 201) {
                        return;
                    }
                    assertEquals("BUSY", r.code(), r.text());
                    ticket = r.header(TICKET);
                    sleep(100);
                }
                throw new AssertionError("not placed after 200 tries");
            }, clients));
        }
        CompletableFuture.allOf(retries.toArray(CompletableFuture[]::new)).join();
        clients.shutdown();
        assertEquals(12, Work.admitted(app, "orders") - admittedBefore, "each order admitted once");
        assertEquals(12, Candidates.count(app, "SELECT count(DISTINCT candidate_id) FROM exam_order WHERE status = 'UNPAID'"));
        assertEquals(12, Candidates.count(app, "SELECT count(*) FROM exam_order"));
        assertEquals(12, Candidates.count(app, "SELECT count(*) FROM enrollment WHERE slot_no = 2"));
    }

    @Test
    @DisplayName("with no place for QR drawing, paying is BUSY at once and the order stays UNPAID with no payment written")
    void qrBusyWritesNothing() {
        Candidates.Candidate c = Candidates.one(app, "0200", "030301");
        Api.Reply placed = app.api().post(ORDERS, order(1, "03706"), c.auth());
        assertEquals(201, placed.status(), placed.text());
        String id = placed.json().getString("orderId");
        for (int i = 0; i < 3; i++) {
            Api.Reply pay = app.api().post("/api/v1/orders/" + id + "/payments", Map.of("provider", "wechat"), c.auth());
            assertEquals(503, pay.status(), pay.text());
            assertEquals("BUSY", pay.code());
            assertTrue(Integer.parseInt(pay.header("Retry-After")) >= 1);
        }
        assertEquals(1, Candidates.count(app, "SELECT count(*) FROM exam_order WHERE id = '" + id + "' AND status = 'UNPAID'"));
        assertEquals(0, Candidates.count(app, "SELECT count(*) FROM payment"));
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
