package cn.zikao.payment;

import cn.zikao.platform.AppConfig;
import cn.zikao.platform.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Map;

/** The merchant's signing key and the platform keys (by serial) that sign answers and notifications. */
record WechatPayKeys(String appId, String mchId, String merchantSerial, PrivateKey merchantKey,
                            Map<String, PublicKey> platformKeys, ResourceCipher resources) {

    public static WechatPayKeys load(AppConfig.Wechat c) {
        try {
            return new WechatPayKeys(c.appId(), c.mchId(), c.merchantSerial(),
                    Rsa.privateKey(read(c.merchantPrivateKeyFile(), "merchant private key")),
                    Map.of(c.platformSerial(), Rsa.publicKey(read(c.platformPublicKeyFile(), "platform public key"))),
                    new ResourceCipher(c.apiV3Key()));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("WeChat Pay keys: " + e.getMessage());
        }
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
