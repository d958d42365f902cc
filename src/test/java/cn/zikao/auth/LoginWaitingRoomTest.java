package cn.zikao.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.zikao.testing.Api;
import cn.zikao.testing.Onboarding;
import cn.zikao.testing.TestApp;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The login waiting room in front of one password-hashing place: candidates queue rather than race, in order. */
class LoginWaitingRoomTest {
    private static final String TICKET = "X-Zikao-Queue-Ticket";

    @RegisterExtension
    static final TestApp app = TestApp.create().env("ZIKAO_WORK_PASSWORDS", "1:0").env("ZIKAO_SMS_COOLDOWN_SECONDS", "0")
            .env("ZIKAO_SMS_DAILY_LIMIT", "1000");
    private final Onboarding on = new Onboarding(app);

    /** A whole password login: captcha and SMS code fetched once, sent as often as needed. */
    private JsonObject loginBody(Onboarding.Person p) {
        Api.Reply sent = on.requestCode("LOGIN", Map.of("name", p.name(), "idNumber", p.idNumber()));
        assertEquals(202, sent.status(), sent.text());
        return new JsonObject(on.captcha()).put("method", "ID_PASSWORD").put("name", p.name()).put("idNumber", p.idNumber())
                .put("password", p.password()).put("smsCode", on.latestCode("LOGIN", p.phone()));
    }

    private static CompletableFuture<Api.Reply> login(JsonObject body, String ticket) {
        return ticket == null ? app.api().postAsync("/api/v1/sessions", body.encode())
                : app.api().postAsync("/api/v1/sessions", body.encode(), TICKET, ticket);
    }

    private static long number(String ticket) {
        return Long.parseLong(ticket.split("\\.")[1]);
    }

    @Test
    @DisplayName("8 logins at once: the BUSY ones get places in line, a late one gets a later place, and retrying with their tickets they are let in strictly in line order, each with its first captcha and SMS code")
    void fairLine() throws Exception {
        String names = "甲乙丙丁戊己庚辛壬";
        List<JsonObject> bodies = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            bodies.add(loginBody(on.register("次仁" + names.charAt(i))));
        }
        List<CompletableFuture<Api.Reply>> first = bodies.subList(0, 8).stream().map(b -> login(b, null)).toList();
        List<Integer> waiting = new ArrayList<>();
        List<String> tickets = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Api.Reply r = first.get(i).join();
            if (r.status() == 200) {
                tickets.add(null);
                continue;
            }
            assertEquals(503, r.status(), r.text());
            assertEquals("BUSY", r.code());
            assertNotNull(r.header(TICKET), "a BUSY from the waiting room carries a place in line");
            assertTrue(r.json().getInteger("queuePosition") >= 1 && r.json().getInteger("estimatedWaitSeconds") >= 1, r.text());
            waiting.add(i);
            tickets.add(r.header(TICKET));
        }
        assertTrue(waiting.size() >= 4, "with one hashing place most of 8 logins at once wait: " + waiting.size());
        long lastEarly = waiting.stream().mapToLong(i -> number(tickets.get(i))).max().orElseThrow();
        Api.Reply late = login(bodies.get(8), null).join();
        assertEquals("BUSY", late.code(), "while others wait in line a newcomer is not let in ahead of them: " + late.text());
        assertTrue(number(late.header(TICKET)) > lastEarly);
        assertEquals(waiting.size() + 1, late.json().getInteger("queuePosition"));
        waiting.add(8);
        tickets.add(late.header(TICKET));

        // every waiting candidate retries with their ticket, all at the same time, until let in
        ConcurrentLinkedQueue<Long> admittedInOrder = new ConcurrentLinkedQueue<>();
        List<CompletableFuture<Void>> retries = new ArrayList<>();
        ExecutorService clients = Executors.newFixedThreadPool(waiting.size());
        for (int i : waiting) {
            retries.add(CompletableFuture.runAsync(() -> {
                String ticket = tickets.get(i);
                for (int attempt = 0; attempt < 200; attempt++) {
                    Api.Reply r = login(bodies.get(i), ticket).join();
                    if (r.status() == 200) {
                        admittedInOrder.add(number(tickets.get(i)));
                        return;
                    }
                    assertEquals("BUSY", r.code(), r.text());
                    assertEquals(number(ticket), number(r.header(TICKET)), "a retry keeps its place");
                    ticket = r.header(TICKET);
                    sleep(100);
                }
                throw new AssertionError("not let in after 200 tries");
            }, clients));
        }
        CompletableFuture.allOf(retries.toArray(CompletableFuture[]::new)).join();
        clients.shutdown();
        List<Long> order = new ArrayList<>(admittedInOrder);
        List<Long> sorted = new ArrayList<>(order);
        sorted.sort(null);
        assertEquals(waiting.size(), order.size());
        assertEquals(sorted, order, "nobody was let in ahead of an earlier place");
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
