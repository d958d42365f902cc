package cn.zikao.web;

import cn.zikao.testing.TestApp;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.Cookie;

class ScratchLookTest {
    @RegisterExtension
    static final TestApp app = TestApp.create();

    @Test
    void look() throws Exception {
        long id;
        try (Connection c = app.jdbc(); PreparedStatement ps = c.prepareStatement("""
            INSERT INTO candidate (name, id_number_enc, id_number_hmac, id_number_masked, pii_key_id, source,
                                   sitting_code, area_code, major_code)
            VALUES ('测试考生', ?, ?, '5401**********0000', 'k1', 'REGISTERED', '271', '0100', '030301') RETURNING id""")) {
            byte[] key = UUID.randomUUID().toString().getBytes();
            ps.setBytes(1, key);
            ps.setBytes(2, key);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                id = rs.getLong(1);
            }
        }
        String token = app.app().sessions().issue(id).token();
        try (Chromium b = new Chromium()) {
            b.open(app.api().base() + "/");
            b.driver.manage().addCookie(new Cookie("zk_session", token));
            b.driver.manage().addCookie(new Cookie("zk_csrf", "scratchcsrf"));
            b.open(app.api().base() + "/enroll.html");
            b.waitText("#window", "网上报名时间");
            b.click("#gate-read");
            b.click("#gate-next");
            b.waitText("#slots", "计算机应用基础");
            b.shot("scratch-slots");
            b.js("window.scrollTo(0, 900)");
            b.shot("scratch-slots2");
            b.click("input[name='slot-2'][value='00018']");
            b.click("input[name='slot-1'][value='03706']");
            b.click("#pick-submit");
            b.visible("#order .order");
            b.shot("scratch-order");
            b.open(app.api().base() + "/orders.html");
            b.waitText("#orders", "未缴费");
            b.shot("scratch-orders");
            b.click("#orders button.cancel");
            b.visible("#cancel");
            b.shot("scratch-cancel");
            b.click("#cancel-ok");
            b.waitText("#orders", "作废");
            b.shot("scratch-orders-void");
            b.open(app.api().base() + "/exams.html");
            b.waitText("#exams", "暂无");
            b.shot("scratch-exams");
        }
    }
}
