package cn.zikao.testing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

/** Candidates for the tests: valid ID numbers and phones, captchas and SMS codes read from the dev helpers, 新生注册. */
public final class Onboarding {
    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};

    private final TestApp app;

    public Onboarding(TestApp app) {
        this.app = app;
    }

    /** A valid GB 11643 number for someone born on {@code birth}. */
    public static String idNumber(LocalDate birth, boolean male) {
        int seq = ThreadLocalRandom.current().nextInt(100) * 10 + 2 * ThreadLocalRandom.current().nextInt(5) + (male ? 1 : 0);
        String body = "540102" + birth.toString().replace("-", "") + String.format("%03d", seq);
        return body + checkChar(body);
    }

    public static String idNumber() {
        return idNumber(LocalDate.of(1990 + ThreadLocalRandom.current().nextInt(15), 1 + ThreadLocalRandom.current().nextInt(12),
                1 + ThreadLocalRandom.current().nextInt(28)), true);
    }

    public static char checkChar(String first17) {
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (first17.charAt(i) - '0') * WEIGHTS[i];
        }
        return "10X98765432".charAt(sum % 11);
    }

    public static String phone() {
        return "1" + (3 + ThreadLocalRandom.current().nextInt(7)) + String.format("%09d", ThreadLocalRandom.current().nextInt(1_000_000_000));
    }

    public static byte[] fixture(String name) {
        try (InputStream in = Onboarding.class.getResourceAsStream("/fixtures/" + name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A solved captcha: {captchaId, captchaAnswer}. */
    public Map<String, Object> captcha() {
        Api.Reply c = app.api().post("/api/v1/captchas", "{}");
        String id = c.json().getString("captchaId");
        String answer = app.api().get("/dev/captchas/" + id).json().getString("answer");
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("captchaId", id);
        m.put("captchaAnswer", answer);
        return m;
    }

    public Api.Reply requestCode(String purpose, Map<String, Object> who) {
        Map<String, Object> body = new LinkedHashMap<>(who);
        body.put("purpose", purpose);
        body.putAll(captcha());
        return app.api().post("/api/v1/sms-codes", new JsonObject(body).encode());
    }

    /** Asks for a code and reads it from the dev outbox. */
    public String code(String purpose, String phone) {
        Api.Reply r = requestCode(purpose, Map.of("phone", phone));
        if (r.status() != 202) {
            throw new IllegalStateException("sms code: " + r);
        }
        return latestCode(purpose, phone);
    }

    public String latestCode(String purpose, String phone) {
        JsonArray msgs = app.api().get("/dev/sms?phone=" + phone).array();
        for (int i = 0; i < msgs.size(); i++) {
            JsonObject m = msgs.getJsonObject(i);
            if (purpose.equals(m.getString("purpose")) && m.getString("code") != null) {
                return m.getString("code");
            }
        }
        throw new IllegalStateException("no " + purpose + " code in the outbox");
    }

    /** The fields of a valid 新生注册 (without smsCode). */
    public static Map<String, String> registrationFields(String name, String idNumber, String phone) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("name", name);
        f.put("idNumber", idNumber);
        f.put("phone", phone);
        f.put("password", "Zikao2026ok");
        f.put("gender", (idNumber.charAt(16) - '0') % 2 == 1 ? "M" : "F");
        f.put("ethnicity", "04");
        f.put("politicalStatus", "13");
        f.put("hukou", "URBAN");
        f.put("occupation", "学生");
        f.put("inSchool", "false");
        f.put("education", "高中");
        f.put("graduationDate", "2020-07");
        f.put("unit", "拉萨中学");
        f.put("province", "西藏自治区");
        f.put("city", "拉萨市");
        f.put("county", "城关区");
        f.put("candidateType", "普通考生");
        f.put("sittingCode", "271");
        f.put("areaCode", "0100");
        f.put("majorCode", "030301");
        f.put("consent", "true");
        return f;
    }

    public static Map<String, byte[]> registrationImages() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("idCardFront", fixture("id-front.jpg"));
        files.put("idCardBack", fixture("id-back.jpg"));
        files.put("photo", fixture("photo.jpg"));
        return files;
    }

    /** A registered candidate. */
    public record Person(String name, String idNumber, String phone, String password, long candidateId, String admissionNo) {}

    public Person register(String name) {
        String id = idNumber();
        String phone = phone();
        Map<String, String> f = registrationFields(name, id, phone);
        f.put("smsCode", code("REGISTER", phone));
        Api.Reply r = app.api().send(multipart("POST", "/api/v1/registrations", f, registrationImages()));
        if (r.status() != 201) {
            throw new IllegalStateException("registration: " + r);
        }
        return new Person(name, id, phone, f.get("password"), r.json().getLong("candidateId"), r.json().getString("admissionNo"));
    }

    /** Logs in by phone + SMS code; answers the token. */
    public String login(Person p) {
        String code = code("LOGIN", p.phone());
        Map<String, Object> body = new LinkedHashMap<>(captcha());
        body.put("method", "PHONE");
        body.put("phone", p.phone());
        body.put("smsCode", code);
        Api.Reply r = app.api().post("/api/v1/sessions", new JsonObject(body).encode());
        if (r.status() != 200) {
            throw new IllegalStateException("login: " + r);
        }
        return r.json().getString("token");
    }

    public HttpRequest multipart(String method, String path, Map<String, String> fields, Map<String, byte[]> files, String... headers) {
        String boundary = "----zk" + UUID.randomUUID().toString().replace("-", "");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        fields.forEach((k, v) -> write(out, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + k + "\"\r\n\r\n" + v + "\r\n"));
        files.forEach((k, v) -> {
            write(out, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + k + "\"; filename=\"" + k
                    + ".jpg\"\r\nContent-Type: image/jpeg\r\n\r\n");
            out.writeBytes(v);
            write(out, "\r\n");
        });
        write(out, "--" + boundary + "--\r\n");
        return app.api().builder(path, headers).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .method(method, HttpRequest.BodyPublishers.ofByteArray(out.toByteArray())).build();
    }

    public CompletableFuture<Api.Reply> registerAsync(Map<String, String> fields) {
        return app.api().sendAsync(multipart("POST", "/api/v1/registrations", fields, registrationImages()));
    }

    private static void write(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }
}
