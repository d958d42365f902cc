package cn.zikao.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code cn.zikao.Main} in a JVM of its own, on the test classpath, with an environment that holds only what
 * the test gives (no {@code ZIKAO_*} variable leaks in from the build): real exit codes, real signals.
 */
public final class ServiceProcess implements AutoCloseable {
    private final Process process;
    private final Path out;
    private final Path err;

    private ServiceProcess(Process process, Path out, Path err) {
        this.process = process;
        this.out = out;
        this.err = err;
    }

    public static ServiceProcess start(Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), "cn.zikao.Main"));
        command.addAll(List.of(args));
        try {
            Path dir = Files.createDirectories(Path.of("target/test-data"));
            Path out = Files.createTempFile(dir, "main-", ".out");
            Path err = Files.createTempFile(dir, "main-", ".err");
            ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().keySet().removeIf(k -> k.startsWith("ZIKAO_"));
            pb.environment().putAll(env);
            return new ServiceProcess(pb.start(), out, err);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits for the exit code, failing the test if the process is still running after the timeout. */
    public int exitCode(long seconds) {
        try {
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("still running after " + seconds + " s; stdout:\n" + stdout() + "\nstderr:\n" + stderr());
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** SIGTERM, as an orchestrator stops a container. */
    public void terminate() {
        process.destroy();
    }

    public boolean alive() {
        return process.isAlive();
    }

    public String stdout() {
        return read(out);
    }

    public String stderr() {
        return read(err);
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
