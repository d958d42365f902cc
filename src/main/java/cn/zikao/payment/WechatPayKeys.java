package cn.zikao.payment;

import cn.zikao.platform.AppConfig;
import cn.zikao.platform.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The merchant's signing key and the platform keys (by serial) that sign answers and notifications. Several
 * platform keys are accepted at once, so the gateway can change its key: each message names its key by its
 * {@code Wechatpay-Serial}, and an unknown serial is refused.
 */
record WechatPayKeys(String appId, String mchId, String merchantSerial, PrivateKey merchantKey,
                            Map<String, PublicKey> platformKeys, ResourceCipher resources) {

    public static WechatPayKeys load(AppConfig.Wechat c) {
        try {
            return new WechatPayKeys(c.appId(), c.mchId(), c.merchantSerial(),
                    Rsa.privateKey(read(c.merchantPrivateKeyFile(), "merchant private key")),
                    platformKeys(c), new ResourceCipher(c.apiV3Key()));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("WeChat Pay keys: " + e.getMessage());
        }
    }

    /** The main platform key, then those of {@code platformKeys} ({@code SERIAL=FILE.pem[,SERIAL=FILE.pem...]}). */
    private static Map<String, PublicKey> platformKeys(AppConfig.Wechat c) {
        Map<String, PublicKey> keys = new LinkedHashMap<>();
        keys.put(c.platformSerial(), Rsa.publicKey(read(c.platformPublicKeyFile(), "platform public key")));
        String more = c.platformKeys() == null ? "" : c.platformKeys().trim();
        if (!more.isEmpty()) {
            for (String entry : more.split(",")) {
                String e = entry.trim();
                int eq = e.indexOf('=');
                if (eq <= 0 || eq == e.length() - 1) {
                    throw new ConfigException("ZIKAO_WECHAT_PLATFORM_KEYS: each entry must be SERIAL=FILE.pem");
                }
                String serial = e.substring(0, eq).trim();
                if (keys.put(serial, Rsa.publicKey(read(e.substring(eq + 1).trim(), "platform public key " + serial))) != null) {
                    throw new ConfigException("ZIKAO_WECHAT_PLATFORM_KEYS: serial " + serial + " is given twice");
                }
            }
        }
        return Map.copyOf(keys);
    }

    public PublicKey platformKey(String serial) {
        return serial == null ? null : platformKeys.get(serial);
    }

    private static String read(String file, String what) {
        if (file == null || file.isBlank()) {
            throw new ConfigException("WeChat Pay " + what + " file is not configured");
        }
        try {
            return Files.readString(Path.of(file));
        } catch (IOException e) {
            throw new ConfigException("cannot read the WeChat Pay " + what + " (" + file + "): " + e.getMessage());
        }
    }
}
