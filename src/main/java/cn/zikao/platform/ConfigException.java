package cn.zikao.platform;

/** A configuration or start-up problem: its message is one line naming what is wrong. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
