package cn.zikao.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cn.zikao.testing.Api;
import cn.zikao.testing.TestApp;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Behind a load balancer every response names the instance that gave it. */
class InstanceHeaderTest {
    @RegisterExtension
    static final TestApp app = TestApp.create().env("ZIKAO_INSTANCE_ID", "zikao-a");

    @Test
    @DisplayName("X-Zikao-Instance on a page, an API answer, a refusal, a 404 and /ready")
    void everyResponseNamesItsInstance() {
        for (String path : new String[] {"/", "/api/v1/plan", "/api/v1/me", "/no/such/path", "/ready"}) {
            Api.Reply r = app.api().get(path);
            assertEquals("zikao-a", r.header("X-Zikao-Instance"), path + " answered " + r.status());
        }
        assertEquals(401, app.api().get("/api/v1/me").status());
        assertEquals(404, app.api().get("/no/such/path").status());
    }

    @Test
    @DisplayName("without ZIKAO_INSTANCE_ID the id is the host name and HTTP port")
    void defaultIdIsHostAndPort() throws Exception {
        AppConfig c = new ConfigLoader(Map.of("ZIKAO_HTTP_PORT", "8123")).load(Path.of("config/application.yaml"));
        assertEquals(InetAddress.getLocalHost().getHostName() + ":8123", c.http().instanceId());
    }
}
