package zikao;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.forAll;
import static io.gatling.javaapi.core.CoreDsl.jmesPath;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Order create + cancel cycles at {@code users} concurrent candidates, side by side in one run with the machine's
 * ceilings: a bare Vert.x handler doing one durable PostgreSQL insert, and one doing a Redis round trip (compared
 * with the seats endpoint). Phases run one after the other, each {@code seconds} long, so they do not share the CPU.
 * Needs the service (baseUrl), the baseline server (baselineUrl) and candidates {@code firstCandidate}.. with the
 * notice acknowledged (see orders-bench.sh). A warm-up phase runs everything first, under other request names.
 */
public class OrdersSimulation extends Simulation {
    static final String BASE = System.getProperty("baseUrl", "http://127.0.0.1:8080");
    static final String BASELINE = System.getProperty("baselineUrl", "http://127.0.0.1:8091");
    static final int USERS = Integer.getInteger("users", 64);
    static final Duration PHASE = Duration.ofSeconds(Integer.getInteger("seconds", 30));
    static final long FIRST_CANDIDATE = Long.getLong("firstCandidate", 900001);
    static final String SECRET = System.getProperty("jwtSecret", "dev-only-jwt-secret-change-me-0123456789abcdef");
    static final String ORDER = "{\"selections\":[{\"slotNo\":1,\"courseCode\":\"03706\"}]}";

    static final HttpProtocolBuilder PROTOCOL = http.acceptHeader("application/json")
            .contentTypeHeader("application/json").disableCaching();

    static final Duration WARM_UP = Duration.ofSeconds(Integer.getInteger("warmUpSeconds", 15));

    static ChainBuilder insert(String prefix) {
        return ChainBuilder.EMPTY.exec(http(prefix + "baseline insert").post(BASELINE + "/insert").check(status().is(200)));
    }

    static ChainBuilder redis(String prefix) {
        return ChainBuilder.EMPTY.exec(http(prefix + "baseline redis").get(BASELINE + "/redis").check(status().is(200)));
    }

    static ChainBuilder cycle(String prefix) {
        return ChainBuilder.EMPTY
                .exec(http(prefix + "order create").post(BASE + "/api/v1/sittings/271/orders")
                        .header("Authorization", "Bearer #{token}").body(StringBody(ORDER))
                        .check(status().is(201), jmesPath("orderId").saveAs("orderId")))
                .exec(http(prefix + "order cancel").delete(BASE + "/api/v1/orders/#{orderId}")
                        .header("Authorization", "Bearer #{token}").check(status().is(204)));
    }

    static ChainBuilder seats(String prefix) {
        return ChainBuilder.EMPTY.exec(http(prefix + "seats").get(BASE + "/api/v1/plan/271/seats?area=0100")
                .check(status().is(200)));
    }

    /** JIT, pools and first-use initialisation of both servers, kept out of the measured phases. */
    static final ScenarioBuilder WARM = scenario("warm-up").feed(candidates()).during(WARM_UP, false)
            .on(insert("warm-up ").exec(cycle("warm-up ")).exec(redis("warm-up ")).exec(seats("warm-up ")));
    static final ScenarioBuilder CEILING = scenario("ceiling: durable insert").during(PHASE, false).on(insert(""));
    static final ScenarioBuilder ORDERS = scenario("orders: create + cancel").feed(candidates()).during(PHASE, false)
            .on(cycle(""));
    static final ScenarioBuilder REDIS_CEILING = scenario("ceiling: Redis round trip").during(PHASE, false).on(redis(""));
    static final ScenarioBuilder SEATS_READ = scenario("seats").during(PHASE, false).on(seats(""));

    {
        setUp(WARM.injectOpen(atOnceUsers(USERS))
                .andThen(CEILING.injectOpen(atOnceUsers(USERS)))
                .andThen(ORDERS.injectOpen(atOnceUsers(USERS)))
                .andThen(REDIS_CEILING.injectOpen(atOnceUsers(USERS)))
                .andThen(SEATS_READ.injectOpen(atOnceUsers(USERS))))
                .protocols(PROTOCOL)
                .assertions(forAll().failedRequests().count().is(0L),
                        details("order create").responseTime().percentile(99).lte(100),
                        details("order cancel").responseTime().percentile(99).lte(100));
    }

    /** One distinct candidate (and session token) per virtual user of a phase. */
    private static Iterator<Map<String, Object>> candidates() {
        AtomicLong next = new AtomicLong(FIRST_CANDIDATE);
        return Stream.generate(() -> Map.<String, Object>of("token", token(next.getAndIncrement()))).iterator();
    }

    /** A session token as the service issues it (HS256, dev secret unless -DjwtSecret). */
    static String token(long candidateId) {
        long now = System.currentTimeMillis() / 1000;
        String header = b64("{\"typ\":\"JWT\",\"alg\":\"HS256\"}");
        String payload = b64("{\"sub\":\"" + candidateId + "\",\"jti\":\"" + UUID.randomUUID() + "\",\"iat\":" + now
                + ",\"exp\":" + (now + 7200) + ",\"aud\":\"zikao-candidates\",\"iss\":\"zikao\"}");
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            String signature = Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(mac.doFinal((header + "." + payload).getBytes(StandardCharsets.UTF_8)));
            return header + "." + payload + "." + signature;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
