package cn.zikao.enrollment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.zikao.testing.Api;
import cn.zikao.testing.Onboarding;
import cn.zikao.testing.TestApp;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The 准考证 read back from its PDF: every field, the photo, the embedded font subsets; 409 until it can be printed. */
class AdmissionTicketTest {
    private static final String TICKET = "/api/v1/sittings/271/admission-ticket";

    @RegisterExtension
    static final TestApp app = TestApp.create().env("ZIKAO_SMS_COOLDOWN_SECONDS", "0")
            .env("ZIKAO_SMS_DAILY_LIMIT", "1000").env("ZIKAO_SMS_PER_IP_PER_HOUR", "100000");
    private final Onboarding on = new Onboarding(app);

    @Test
    @DisplayName("TICKET_NOT_AVAILABLE before ticketsFrom, without a paid course and before 考场编排; then one A4 page with every field, "
            + "labelled in Tibetan when asked in Tibetan")
    void ticket() throws Exception {
        Onboarding.Person p = on.register("扎西次仁");
        Onboarding.Person tibetan = on.register("བཀྲ་ཤིས་བདེ་ལེགས");
        Onboarding.Person unpaid = on.register("卓玛");
        for (Onboarding.Person x : List.of(p, tibetan)) {
            String token = on.login(x);
            assertEquals(204, app.api().post("/api/v1/sittings/271/notice-ack", "{}", Api.bearer(token)).status());
            Api.Reply order = app.api().post("/api/v1/sittings/271/orders", Candidates.order(1, "03706", 2, "12656", 4, "00341"),
                    Api.bearer(token));
            assertEquals(201, order.status(), order.text());
            assertTrue(app.app().enrollment().orders().markPaid(app.app().platform().pg(),
                    UUID.fromString(order.json().getString("orderId")), Instant.now()).await(30, TimeUnit.SECONDS).changed());
        }
        Api.Reply early = app.api().get(TICKET, Api.bearer(on.login(p)));
        assertEquals(409, early.status(), early.text());
        assertEquals("TICKET_NOT_AVAILABLE", early.code());
        assertTrue(early.json().getString("detail").contains("2027年4月7日 09:00"), early.text());
        Api.Reply earlyBo = app.api().get(TICKET, "Authorization", "Bearer " + on.login(p), "Accept-Language", "bo");
        assertEquals("TICKET_NOT_AVAILABLE", earlyBo.code());
        assertTrue(earlyBo.json().getString("detail").contains("སྤྱི་ལོ་2027 ཟླ་4 ཚེས་7 09:00"), earlyBo.text());

        app.clock().setNow(Instant.parse("2027-04-08T02:00:00Z"));
        assertEquals("TICKET_NOT_AVAILABLE", app.api().get(TICKET, bearer(unpaid)).code(), "no paid course");
        Api.Reply unassigned = app.api().get(TICKET, bearer(p));
        assertEquals("TICKET_NOT_AVAILABLE", unassigned.code());
        assertTrue(unassigned.json().getString("detail").contains("考场编排"), unassigned.text());
        assertEquals(404, app.api().get("/api/v1/sittings/999/admission-ticket", bearer(p)).status());

        assertEquals(6, app.app().enrollment().assignRooms("271", 1).await(30, TimeUnit.SECONDS).placed());
        Api.Reply r = app.api().get(TICKET, bearer(p));
        assertEquals(200, r.status(), r.text());
        assertEquals("application/pdf", r.header("Content-Type"));
        try (PDDocument pdf = Loader.loadPDF(r.raw())) {
            assertEquals(1, pdf.getNumberOfPages());
            PDPage page = pdf.getPage(0);
            assertEquals(PDRectangle.A4.getWidth(), page.getMediaBox().getWidth(), 0.5);
            assertEquals(PDRectangle.A4.getHeight(), page.getMediaBox().getHeight(), 0.5);
            String text = new PDFTextStripper().getText(pdf).replaceAll("\\s", "");
            List<String> expected = new ArrayList<>(List.of("准考证", "2027年4月高等教育自学考试", "姓名：扎西次仁",
                    "性别：" + (p.idNumber().charAt(16) % 2 == 1 ? "男" : "女"), "准考证号：" + p.admissionNo(),
                    "身份证号：" + p.idNumber().substring(0, 4) + "**********" + p.idNumber().substring(14), "考区：拉萨考区",
                    "03706思想道德修养与法律基础2027年4月17日09:00–11:30", "12656毛泽东思想和中国特色社会主义理论体系概论",
                    "2027年4月17日14:30–17:00", "00341公文写作与处理", "2027年4月18日14:30–17:00", "考生须知",
                    "考生须凭本准考证和有效居民身份证原件参加考试", "考点地址："));
            var sitting = app.app().plan().sitting("271").orElseThrow();
            for (String[] seat : seats(p.candidateId())) {
                var course = sitting.course(seat[0]).orElseThrow();
                var slot = sitting.slot(course.slotNo()).orElseThrow();
                expected.add(seat[0] + course.name() + slot.startsAt().getYear() + "年4月" + slot.startsAt().getDayOfMonth() + "日"
                        + slot.startsAt().toLocalTime() + "–" + slot.endsAt().toLocalTime() + seat[1] + "第"
                        + String.format("%02d", Integer.parseInt(seat[2])) + "考场" + String.format("%02d", Integer.parseInt(seat[3])));
                expected.add(seat[1] + "\u3000" + seat[4]);
            }
            for (String e : expected) {
                assertTrue(text.contains(e), "the ticket lacks '" + e + "': " + text);
            }
            assertFalse(text.contains(p.idNumber()) || text.contains(p.phone()), "no clear ID number or phone");
            PDResources res = page.getResources();
            List<PDImageXObject> images = new ArrayList<>();
            for (COSName n : res.getXObjectNames()) {
                images.add((PDImageXObject) res.getXObject(n));
            }
            assertEquals(1, images.size());
            assertEquals(480, images.get(0).getWidth());
            assertEquals(640, images.get(0).getHeight());
            for (COSName n : res.getFontNames()) {
                PDFont f = res.getFont(n);
                assertTrue(f.isEmbedded() && f.getName().matches("[A-Z]{6}\\+.*"), "a subset embedded: " + f.getName());
            }
        }
        assertTrue(r.raw().length < 400_000, "subsets keep the ticket small: " + r.raw().length);

        Api.Reply tib = app.api().get(TICKET, bearer(tibetan));
        assertEquals(200, tib.status());
        try (PDDocument pdf = Loader.loadPDF(tib.raw())) {
            assertTrue(new PDFTextStripper().getText(pdf).contains("བཀྲ་ཤིས་བདེ་ལེགས"), "a Tibetan name in the Tibetan font");
        }

        Api.Reply bo = app.api().get(TICKET, bearer(p)[0], bearer(p)[1], "Accept-Language", "bo");
        assertEquals(200, bo.status(), bo.text());
        assertEquals("bo", bo.header("Content-Language"));
        try (PDDocument pdf = Loader.loadPDF(bo.raw())) {
            assertEquals(1, pdf.getNumberOfPages());
            String text = new PDFTextStripper().getText(pdf).replaceAll("\\s", "");
            String male = p.idNumber().charAt(16) % 2 == 1 ? "ཕོ།" : "མོ།";
            for (String e : List.of("བོད་རང་སྐྱོང་ལྗོངས་ཀྱི་མཐོ་རིམ་སློབ་གསོའི་རང་སློབ་རྒྱུགས་ལེན།", "རྒྱུགས་ཞུགས་ལག་ཁྱེར།",
                    "2027年4月高等教育自学考试", "མིང་།扎西次仁", "ཕོ་མོ།" + male, "རྒྱུགས་ཞུགས་ལག་ཁྱེར་ཨང་གྲངས།" + p.admissionNo(),
                    "ཐོབ་ཐང་ལག་ཁྱེར་ཨང་གྲངས།" + p.idNumber().substring(0, 4) + "**********", "རྒྱུགས་ཁུལ།拉萨考区",
                    "སློབ་ཚན་ཨང་རྟགས།", "སློབ་ཚན་གྱི་མིང་།", "རྒྱུགས་ཁང་།", "སྡོད་ཁྲིའི་ཨང་།",
                    "03706思想道德修养与法律基础སྤྱི་ལོ་2027ཟླ་4ཚེས་1709:00–11:30", "རྒྱུགས་ཁང་ཨང་", "རྒྱུགས་སའི་ས་གནས།",
                    "རྒྱུགས་ལེན་པས་ཤེས་དགོས་པ།", "1.རྒྱུགས་ལེན་པས་རྒྱུགས་ཞུགས་ལག་ཁྱེར་འདི་དང་ནུས་ལྡན་གྱི་ཐོབ་ཐང་ལག་ཁྱེར་མ་ཡིག་ཁྱེར་ནས",
                    "8.རྒྱུགས་ཞུགས་ལག་ཁྱེར་འདི་ལེགས་པར་ཉར་ཚགས་གནང་རོགས།")) {
                assertTrue(text.contains(e), "the Tibetan ticket lacks '" + e + "': " + text);
            }
            for (String chinese : List.of("姓名", "性别", "准考证号", "考生须知", "考点地址", "课程代码", "考场")) {
                assertFalse(text.contains(chinese), "the Tibetan ticket still writes " + chinese + ": " + text);
            }
        }
    }

    private static String[] bearer(Onboarding.Person p) {
        return Api.bearer(app.app().auth().sessions().issue(p.candidateId()).token());
    }

    /** {course code, venue name, room, seat, venue address} of each paid course of the candidate. */
    private static List<String[]> seats(long candidateId) throws Exception {
        var sitting = app.app().plan().sitting("271").orElseThrow();
        List<String[]> out = new ArrayList<>();
        try (Connection c = app.jdbc(); PreparedStatement ps = c.prepareStatement("""
                SELECT e.course_code, r.venue_code, r.room_no, r.seat_no FROM room_assignment r
                  JOIN enrollment e ON e.id = r.enrollment_id WHERE e.candidate_id = ?""")) {
            ps.setLong(1, candidateId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String venue = rs.getString(2);
                    var v = sitting.area("0100").orElseThrow().venues().stream().filter(x -> x.code().equals(venue)).findFirst().orElseThrow();
                    out.add(new String[] {rs.getString(1), v.name(), rs.getString(3), rs.getString(4), v.address()});
                }
            }
        }
        assertEquals(3, out.size());
        return out;
    }
}
