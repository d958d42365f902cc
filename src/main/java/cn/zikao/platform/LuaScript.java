package cn.zikao.platform;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A Redis Lua script, kept as a {@code .lua} resource beside the class that runs it and read once when that class
 * loads, with its SHA-1 as Redis names it; {@link RedisStore#eval} runs it by that name, and by its text on a node
 * that does not know it yet.
 */
public record LuaScript(String name, String text, String sha) {
    public static LuaScript of(Class<?> owner, String file) {
        String path = "/" + owner.getPackageName().replace('.', '/') + "/" + file;
        try (InputStream in = owner.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("Lua script " + path + " is missing from the classpath");
            }
            byte[] text = in.readAllBytes();
            return new LuaScript(file, new String(text, StandardCharsets.UTF_8),
                    HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
