package cn.zikao.platform;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * A Redis Lua script, kept as a {@code .lua} resource beside the class that runs it and read once when that class
 * loads; {@link RedisStore#eval} loads it into Redis on first use and again after Redis forgets it.
 */
public record LuaScript(String name, String text) {
    public static LuaScript of(Class<?> owner, String file) {
        String path = "/" + owner.getPackageName().replace('.', '/') + "/" + file;
        try (InputStream in = owner.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("Lua script " + path + " is missing from the classpath");
            }
            return new LuaScript(file, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
