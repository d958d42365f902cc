package cn.zikao.candidate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.zikao.identity.IdentityRules;
import cn.zikao.plan.ExamPlan;
import cn.zikao.platform.Problem;
import cn.zikao.testing.Onboarding;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.vertx.core.MultiMap;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Coverage-guided fuzzing of the 新生注册 and 完善资料 form parsers. The input is read as form fields, one
 * {@code name=value} per line (names may repeat, as in a multipart body). Without {@code JAZZER_FUZZ} it runs the
 * seeds as a regression test; with it, for a bounded time (CI sets it).
 */
class RegistrationFormFuzzTest {
    private static final LocalDate TODAY = LocalDate.of(2026, 12, 2);
    private static final OffsetDateTime OPENS = OffsetDateTime.of(2027, 2, 20, 9, 0, 0, 0, ZoneOffset.ofHours(8));
    private static final ExamPlan PLAN = new ExamPlan(List.of(new ExamPlan.Sitting("271", "2027年4月高等教育自学考试",
            OPENS, OPENS.plusDays(14), 4000, null,
            List.of(new ExamPlan.Slot(1, OPENS.plusDays(60), OPENS.plusDays(60).plusHours(2))),
            List.of(new ExamPlan.Area("0100", "拉萨考区", Map.of(1, 100), List.of())),
            List.of(new ExamPlan.Course("00018", "计算机应用基础", 3600, 1)),
            List.of(new ExamPlan.Major("030301", "行政管理", "专科", List.of("00018"))))));

    static Stream<Arguments> seeds() {
        Map<String, String> good = Onboarding.registrationFields("扎西多吉", "540102199703127636", "13812345678");
        good.put("smsCode", "123456");
        Map<String, String> bad = Onboarding.registrationFields("扎", "540102199703127637", "12345678901");
        bad.put("graduationDate", "2020-13");
        return Stream.of(good, bad).map(f -> Arguments.of((Object) lines(f)));
    }

    /** Any fields: a form that keeps the rules, or 400 VALIDATION naming what is wrong; never another failure or a hang. */
    @MethodSource("seeds")
    @FuzzTest(maxDuration = "25s")
    void parsesOrRefusesWithValidation(byte[] data) {
        MultiMap fields = fields(data);
        try {
            RegistrationForm f = RegistrationForm.parse(fields, PLAN, TODAY);
            assertTrue(IdentityRules.name(f.name()));
            assertNotNull(IdentityRules.idNumber(f.idNumber(), TODAY));
            assertTrue(IdentityRules.phone(f.phone()));
            assertTrue(IdentityRules.password(f.password()));
            assertNotNull(f.sitting());
            assertTrue(f.sitting().area(f.areaCode()).isPresent() && f.sitting().major(f.majorCode()).isPresent());
        } catch (Problem p) {
            refusal(p);
        }
        try {
            Identity id = Identity.parseCompletion(fields, TODAY);
            assertTrue(IdentityRules.phone(id.phone()));
            assertNotNull(id.smsCode());
        } catch (Problem p) {
            refusal(p);
        }
    }

    private static void refusal(Problem p) {
        assertEquals(400, p.status());
        assertEquals("VALIDATION", p.code());
        assertFalse(p.errors().isEmpty());
    }

    private static MultiMap fields(byte[] data) {
        MultiMap m = MultiMap.caseInsensitiveMultiMap();
        for (String line : new String(data, StandardCharsets.UTF_8).split("\n", -1)) {
            int eq = line.indexOf('=');
            m.add(eq < 0 ? line : line.substring(0, eq), eq < 0 ? "" : line.substring(eq + 1));
        }
        return m;
    }

    private static byte[] lines(Map<String, String> f) {
        return f.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("\n"))
                .getBytes(StandardCharsets.UTF_8);
    }
}
