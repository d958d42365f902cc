package cn.zikao.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.zikao.testing.Api;
import cn.zikao.testing.Onboarding;
import cn.zikao.testing.TestApp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One name, however it was typed: names are stored and compared trimmed and in Unicode NFC, so a compatibility
 * ideograph (U+F90A for 金), decomposed Tibetan vowel signs or a stray space do not make a second name.
 */
class NameNormalisationTest {
    @RegisterExtension
    static final TestApp app = TestApp.create().env("ZIKAO_SMS_COOLDOWN_SECONDS", "0");
    private final Onboarding on = new Onboarding(app);

    @Test
    @DisplayName("normalisation is one rule: NFC and trimmed, for validation and every comparison")
    void oneRule() {
        assertEquals("金扎西", IdentityRules.normalizeName(" \uF90A扎西\u3000"));
        assertEquals("\u0F40\u0F71\u0F72", IdentityRules.normalizeName("\u0F40\u0F73"));
        assertTrue(IdentityRules.sameName("\u0F56\u0F40\u0FB2\u0F0B\u0F64\u0F72\u0F66\u0F0B\u0F40\u0F73", "\u0F56\u0F40\u0FB2\u0F0B\u0F64\u0F72\u0F66\u0F0B\u0F40\u0F71\u0F72 "));
        assertTrue(IdentityRules.name("扎西 "));
        assertFalse(IdentityRules.sameName("扎西", null));
        assertFalse(IdentityRules.sameName("扎西", "扎 西"));
    }

    @Test
    @DisplayName("registered as \\uF90A扎西, the candidate is stored as NFC 金扎西 and gets SMS codes and signs in as 金扎西 with a trailing space")
    void compatibilityIdeographIsTheSameName() throws Exception {
        Onboarding.Person p = on.register("\uF90A扎西");
        try (Connection c = app.jdbc(); PreparedStatement ps = c.prepareStatement("SELECT name FROM candidate WHERE id = ?")) {
            ps.setLong(1, p.candidateId());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertEquals("金扎西", rs.getString(1));
            }
        }
        int before = outbox(p.phone()).size();
        Api.Reply sent = on.requestCode("LOGIN", Map.of("name", "金扎西 ", "idNumber", p.idNumber()));
        assertEquals(202, sent.status(), sent.text());
        assertEquals(before + 1, outbox(p.phone()).size(), "the code went to the candidate's phone");
        String code = on.latestCode("LOGIN", p.phone());
        Api.Reply login = app.api().post("/api/v1/sessions", new JsonObject(on.captcha()).put("method", "ID_PASSWORD")
                .put("name", "金扎西 ").put("idNumber", p.idNumber()).put("password", p.password()).put("smsCode", code).encode());
        assertEquals(200, login.status(), login.text());
        assertEquals(p.candidateId(), login.json().getJsonObject("candidate").getLong("candidateId"));
    }

    private JsonArray outbox(String phone) {
        return app.api().get("/dev/sms?phone=" + phone).array();
    }
}
