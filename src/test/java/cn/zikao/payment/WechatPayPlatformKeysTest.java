package cn.zikao.payment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cn.zikao.paysim.Notifications;
import cn.zikao.paysim.SimulatorKeys;
import cn.zikao.testing.Api;
import cn.zikao.testing.TestApp;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The gateway changing its platform key: notifications signed with either configured key are believed. */
class WechatPayPlatformKeysTest {
    private static final String NEXT_SERIAL = "PUB_KEY_ID_0000000000000000000000000002";
    private static final KeyPair NEXT = Rsa.generate();

    @RegisterExtension
    static final TestApp app = TestApp.create().env("ZIKAO_WECHAT_PLATFORM_KEYS", NEXT_SERIAL + "=" + pemFile(NEXT));
    private final PaymentFixtures fx = new PaymentFixtures(app);

    private static String pemFile(KeyPair pair) {
        try {
            Path f = Files.createTempFile("platform-next", ".pem");
            f.toFile().deleteOnExit();
            Files.writeString(f, Rsa.pem(pair.getPublic()));
            return f.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Notifications signedBy(KeyPair pair, String serial) {
        return new Notifications(SimulatorKeys.ensure(app.config().dataDir()).apiV3Key(), pair.getPrivate(), serial);
    }

    private Api.Reply notify(Notifications n, PaymentFixtures.Order o) {
        JsonObject envelope = n.envelope(fx.paidTransaction(o, PaymentFixtures.TOTAL_FEN, PaymentFixtures.transactionId()),
                app.clock().instant());
        String body = envelope.encode();
        return app.api().send(fx.notifyRequest(body, n.headers(body, app.clock().instant().getEpochSecond())));
    }

    private PaymentFixtures.Order paying() {
        PaymentFixtures.Order o = fx.unpaidOrder();
        fx.startPayment(o);
        return o;
    }

    @Test
    @DisplayName("notifications signed by the current platform key or by the next one (each under its own serial) are accepted")
    void eitherSerial() {
        PaymentFixtures.Order current = paying();
        Api.Reply a = app.api().send(fx.signedNotify(fx.notifications()
                .envelope(fx.paidTransaction(current, PaymentFixtures.TOTAL_FEN, PaymentFixtures.transactionId()), app.clock().instant())
                .encode()));
        assertEquals(204, a.status(), a.text());
        assertEquals("PAID", fx.status(current.id()));

        PaymentFixtures.Order next = paying();
        Api.Reply b = notify(signedBy(NEXT, NEXT_SERIAL), next);
        assertEquals(204, b.status(), b.text());
        assertEquals("PAID", fx.status(next.id()));
    }

    @Test
    @DisplayName("an unknown serial, or a known serial naming another key than the one that signed, is refused 401 and changes nothing")
    void unknownSerial() {
        PaymentFixtures.Order o = paying();
        Api.Reply unknown = notify(signedBy(Rsa.generate(), "PUB_KEY_ID_0000000000000000000000000009"), o);
        assertEquals(401, unknown.status(), unknown.text());
        assertEquals("FAIL", unknown.json().getString("code"));
        String currentSerial = SimulatorKeys.ensure(app.config().dataDir()).platformSerial();
        Api.Reply mislabelled = notify(signedBy(NEXT, currentSerial), o);
        assertEquals(401, mislabelled.status(), mislabelled.text());
        assertEquals("PAYING", fx.status(o.id()));
        assertEquals(0, fx.count("SELECT count(*) FROM payment WHERE out_trade_no = ?", o.outTradeNo()));
    }
}
