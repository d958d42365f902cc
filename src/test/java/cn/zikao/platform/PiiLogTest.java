package cn.zikao.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import cn.zikao.testing.Api;
import cn.zikao.testing.Onboarding;
import cn.zikao.testing.TestApp;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/** Runs the onboarding journeys, good and bad, and scans everything logged meanwhile for the ID numbers and phones used. */
class PiiLogTest {
    @RegisterExtension
    static final TestApp app = TestApp.create().env("ZIKAO_SMS_COOLDOWN_SECONDS", "0")
            .env("ZIKAO_SMS_DAILY_LIMIT", "1000").env("ZIKAO_SMS_PER_IP_PER_HOUR", "100000");
    private static final List<String> logged = new ArrayList<>();
    private static final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private static PrintStream realOut;
    private static final AppenderBase<ILoggingEvent> capture = new AppenderBase<>() {
        @Override
        protected void append(ILoggingEvent e) {
            synchronized (logged) {
                logged.add(e.getFormattedMessage() + (e.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(e.getThrowableProxy())));
            }
        }
    };
    private final Onboarding on = new Onboarding(app);

    @BeforeAll
    static void listen() {
        Logger root = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        capture.setContext(root.getLoggerContext());
        capture.start();
        root.addAppender(capture);
        root.setLevel(ch.qos.logback.classic.Level.DEBUG);
        realOut = System.out;
        System.setOut(new PrintStream(new TeeStream(realOut, stdout), true, StandardCharsets.UTF_8));
    }

    @AfterAll
    static void stopListening() {
        Logger root = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.detachAppender(capture);
        root.setLevel(ch.qos.logback.classic.Level.INFO);
        System.setOut(realOut);
    }

    @Test
    @DisplayName("no ID number or phone used by registration, login, profile completion or their failures appears in the log")
    void noPiiInLogs() {
        List<String> secrets = new ArrayList<>();
        Onboarding.Person p = on.register("扎西多吉");
        secrets.addAll(List.of(p.idNumber(), p.phone()));
        String token = on.login(p);
        app.api().get("/api/v1/me", Api.bearer(token));
        on.requestCode("LOGIN", Map.of("name", p.name(), "idNumber", p.idNumber()));
        app.api().post("/api/v1/sessions", new JsonObject(on.captcha()).put("method", "ID_PASSWORD").put("name", p.name())
                .put("idNumber", p.idNumber()).put("password", "Wrong12345").put("smsCode", "123456").encode());
        String stranger = Onboarding.idNumber();
        String strangerPhone = Onboarding.phone();
        secrets.addAll(List.of(stranger, strangerPhone));
        on.requestCode("LOGIN", Map.of("phone", strangerPhone));
        on.requestCode("LOGIN", Map.of("name", "次仁", "idNumber", stranger));
        on.requestCode("REGISTER", Map.of("phone", p.phone()));
        Map<String, String> dup = Onboarding.registrationFields("次仁", p.idNumber(), strangerPhone);
        dup.put("smsCode", on.code("REGISTER", strangerPhone));
        app.api().send(on.multipart("POST", "/api/v1/registrations", dup, Onboarding.registrationImages()));
        String badId = stranger.substring(0, 17) + (stranger.charAt(17) == '1' ? '2' : '1');
        secrets.add(badId);
        app.api().send(on.multipart("POST", "/api/v1/registrations", Onboarding.registrationFields("次仁", badId, "23800138000"),
                Onboarding.registrationImages()));
        Map<String, String> completion = Map.of("name", "次仁", "idNumber", stranger, "phone", strangerPhone,
                "smsCode", on.code("PROFILE", strangerPhone),
                "password", "Zaxi2026ok", "consent", "true");
        Api.Reply notFound = app.api().send(on.multipart("POST", "/api/v1/profile-completions", completion,
                Map.of("idCardFront", Onboarding.fixture("id-front.jpg"), "idCardBack", Onboarding.fixture("id-back.jpg"))));
        assertEquals("NOT_IN_ROSTER", notFound.code());
        app.api().delete("/api/v1/sessions/current", Api.bearer(token));

        String everything;
        synchronized (logged) {
            everything = String.join("\n", logged) + "\n" + stdout.toString(StandardCharsets.UTF_8);
        }
        assertTrue(logged.size() > 0, "nothing was logged: the scan would prove nothing");
        for (String s : secrets) {
            assertTrue(!everything.contains(s), "the log holds a phone or ID number");
        }
    }

    /** Writes to two streams. */
    private static final class TeeStream extends java.io.OutputStream {
        private final java.io.OutputStream a;
        private final java.io.OutputStream b;

        TeeStream(java.io.OutputStream a, java.io.OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public synchronized void write(int c) throws java.io.IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public synchronized void write(byte[] buf, int off, int len) throws java.io.IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }
    }
}
