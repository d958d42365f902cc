package cn.zikao.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.zikao.testing.Api;
import cn.zikao.testing.Onboarding;
import cn.zikao.testing.TestApp;
import io.vertx.core.json.JsonObject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Captchas drawn ahead while drawing is idle are handed out at a burst without one drawing, each once; once the
 * stock is spent, captchas are drawn when asked and the stock fills again.
 */
class CaptchaStockTest {
    static final int STOCK = 30;

    @RegisterExtension
    static final TestApp app = TestApp.create().env("ZIKAO_CAPTCHA_STOCK", String.valueOf(STOCK))
            .env("ZIKAO_SMS_COOLDOWN_SECONDS", "0");

    @Test
    @DisplayName("a burst of 30 captchas at once is served from the 30 drawn ahead: none drawn when asked, 30 ids, 30 pictures, each answer good once")
    void burstServedFromStock() throws Exception {
        awaitStock(STOCK);
        long askedBefore = metric("zikao_captcha_drawn_total\\{when=\"asked\"}");
        List<CompletableFuture<Api.Reply>> sent = new ArrayList<>();
        for (int i = 0; i < STOCK; i++) {
            sent.add(app.api().postAsync("/api/v1/captchas", "{}"));
        }
        Set<String> ids = new HashSet<>();
        Set<String> pictures = new HashSet<>();
        List<String> answers = new ArrayList<>();
        for (CompletableFuture<Api.Reply> f : sent) {
            Api.Reply r = f.join();
            assertEquals(201, r.status(), r.text());
            String id = r.json().getString("captchaId");
            String png = r.json().getString("imagePng");
            ids.add(id);
            pictures.add(png);
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(png)));
            assertEquals(CaptchaImage.WIDTH, img.getWidth());
            assertEquals(CaptchaImage.HEIGHT, img.getHeight());
            String answer = app.api().get("/dev/captchas/" + id).json().getString("answer");
            assertTrue(answer.matches("[AEFHKMNPRWXY3479]{6}"), answer);
            answers.add(id + ":" + answer);
        }
        assertEquals(STOCK, ids.size());
        assertEquals(STOCK, pictures.size(), "no picture handed out twice");
        assertEquals(askedBefore, metric("zikao_captcha_drawn_total\\{when=\"asked\"}"), "nothing drawn while candidates waited");

        // each answer is the one stored for its id, and good once
        String[] first = answers.get(0).split(":");
        JsonObject sms = new JsonObject().put("captchaId", first[0]).put("captchaAnswer", first[1])
                .put("purpose", "REGISTER").put("phone", Onboarding.phone());
        assertEquals(202, app.api().post("/api/v1/sms-codes", sms.encode()).status());
        Api.Reply again = app.api().post("/api/v1/sms-codes", sms.put("phone", Onboarding.phone()).encode());
        assertEquals("CAPTCHA_INVALID", again.code());
    }

    @Test
    @DisplayName("with the stock spent, a captcha is drawn when asked; the stock then fills again to its size, not past it")
    void emptyStockDrawsWhenAskedThenRefills() throws Exception {
        awaitStock(STOCK);
        long askedBefore = metric("zikao_captcha_drawn_total\\{when=\"asked\"}");
        // more at once than the stock holds: the rest are drawn when asked
        List<CompletableFuture<Api.Reply>> sent = new ArrayList<>();
        for (int i = 0; i < STOCK + 20; i++) {
            sent.add(app.api().postAsync("/api/v1/captchas", "{}"));
        }
        Set<String> pictures = new HashSet<>();
        for (CompletableFuture<Api.Reply> f : sent) {
            Api.Reply r = f.join();
            assertEquals(201, r.status(), r.text());
            pictures.add(r.json().getString("imagePng"));
        }
        assertEquals(STOCK + 20, pictures.size());
        long asked = metric("zikao_captcha_drawn_total\\{when=\"asked\"}") - askedBefore;
        assertTrue(asked >= 20 && asked <= STOCK + 20, "drawn when asked: " + asked);
        awaitStock(STOCK);
        Thread.sleep(1500);
        assertEquals(STOCK, metric("zikao_captcha_stock"), "the stock stops at its size");
    }

    private static void awaitStock(int size) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (metric("zikao_captcha_stock") < size) {
            assertTrue(System.currentTimeMillis() < deadline, "stock filled in 30 s");
            Thread.sleep(100);
        }
    }

    private static long metric(String name) {
        String text = app.api().get("/metrics").text();
        Matcher m = Pattern.compile("(?m)^" + name + " ([0-9.E]+)$").matcher(text);
        if (!m.find()) {
            throw new IllegalStateException(name + " is not in /metrics");
        }
        return (long) Double.parseDouble(m.group(1));
    }
}
