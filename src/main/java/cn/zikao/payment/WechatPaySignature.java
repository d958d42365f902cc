package cn.zikao.payment;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The two signatures of WeChat Pay API v3. Requests carry an {@code Authorization} header signed by the
 * merchant over {@code METHOD\nURL\ntimestamp\nnonce\nbody\n}; responses and notifications carry
 * {@code Wechatpay-*} headers signed by the platform over {@code timestamp\nnonce\nbody\n}.
 */
public final class WechatPaySignature {
    public static final String SCHEMA = "WECHATPAY2-SHA256-RSA2048";
    public static final int MAX_SKEW_SECONDS = 300;
    private static final Pattern PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");
    private static final SecureRandom RANDOM = new SecureRandom();

    private WechatPaySignature() {}

    public static String nonce() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return HexFormat.of().withUpperCase().formatHex(b);
    }

    public static String requestMessage(String method, String url, long timestamp, String nonce, String body) {
        return method + "\n" + url + "\n" + timestamp + "\n" + nonce + "\n" + body + "\n";
    }

    public static String responseMessage(String timestamp, String nonce, String body) {
        return timestamp + "\n" + nonce + "\n" + body + "\n";
    }

    /** The merchant's {@code Authorization} header for one request. */
    public static String authorization(String mchId, String serial, PrivateKey key, String method, String url,
                                       String body, long timestamp) {
        String nonce = nonce();
        String signature = Rsa.sign(key, requestMessage(method, url, timestamp, nonce, body));
        return SCHEMA + " mchid=\"" + mchId + "\",nonce_str=\"" + nonce + "\",signature=\"" + signature
                + "\",timestamp=\"" + timestamp + "\",serial_no=\"" + serial + "\"";
    }

    /**
     * Checks a merchant's {@code Authorization} header and answers its mchid; the key is looked up by the
     * header's serial_no.
     */
    public static String verifyAuthorization(String header, String method, String url, String body, Clock clock,
                                             Function<String, PublicKey> keyBySerial) {
        if (header == null || !header.startsWith(SCHEMA + " ")) {
            throw new Rejected(401, "missing or unknown authorization schema");
        }
        Map<String, String> p = new LinkedHashMap<>();
        Matcher m = PARAM.matcher(header.substring(SCHEMA.length() + 1));
        while (m.find()) {
            p.put(m.group(1), m.group(2));
        }
        for (String k : new String[] {"mchid", "nonce_str", "signature", "timestamp", "serial_no"}) {
            if (!p.containsKey(k)) {
                throw new Rejected(401, "authorization lacks " + k);
            }
        }
        PublicKey key = keyBySerial.apply(p.get("serial_no"));
        if (key == null) {
            throw new Rejected(401, "unknown merchant certificate serial");
        }
        long ts = timestamp(p.get("timestamp"), clock);
        if (!Rsa.verify(key, requestMessage(method, url, ts, p.get("nonce_str"), body), p.get("signature"))) {
            throw new Rejected(401, "authorization signature does not verify");
        }
        return p.get("mchid");
    }

    /** The {@code Wechatpay-*} headers a platform answer or notification carries. */
    public record Signed(String timestamp, String nonce, String signature, String serial) {}

    public static Signed signResponse(PrivateKey platformKey, String serial, String body, long timestamp) {
        String nonce = nonce();
        String ts = String.valueOf(timestamp);
        return new Signed(ts, nonce, Rsa.sign(platformKey, responseMessage(ts, nonce, body)), serial);
    }

    /** Checks platform headers over a raw body: known serial, fresh timestamp, valid signature. */
    public static void verifyResponse(Signed headers, String body, Clock clock, Function<String, PublicKey> keyBySerial) {
        if (headers.timestamp() == null || headers.nonce() == null || headers.signature() == null
                || headers.serial() == null) {
            throw new Rejected(401, "Wechatpay signature headers are missing");
        }
        PublicKey key = keyBySerial.apply(headers.serial());
        if (key == null) {
            throw new Rejected(401, "unknown Wechatpay-Serial");
        }
        timestamp(headers.timestamp(), clock);
        if (!Rsa.verify(key, responseMessage(headers.timestamp(), headers.nonce(), body), headers.signature())) {
            throw new Rejected(401, "Wechatpay-Signature does not verify");
        }
    }

    private static long timestamp(String value, Clock clock) {
        long ts;
        try {
            ts = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new Rejected(401, "timestamp is not a number");
        }
        if (Math.abs(clock.instant().getEpochSecond() - ts) > MAX_SKEW_SECONDS) {
            throw new Rejected(401, "timestamp is more than " + MAX_SKEW_SECONDS + " s away");
        }
        return ts;
    }
}
