package cn.zikao.platform;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.flywaydb.core.Flyway;

/** The PostgreSQL pool (bounded wait: a full or dead database answers quickly) and the start-up migration. */
public final class Postgres {
    private Postgres() {}

    public static Pool pool(Vertx vertx, AppConfig.Postgres c) {
        PgConnectOptions co = PgConnectOptions.fromUri(c.uri())
                .setCachePreparedStatements(true)
                .addProperty("statement_timeout", String.valueOf(c.statementTimeoutMs()))
                .addProperty("application_name", "zikao");
        // No pool wait timeout: in vertx-sql-client 5.0.7 that timer races a connection being handed over and
        // can lose the connection for good (eclipse-vertx/vertx-sql-client#1567), so under overload the pool would
        // drain. Waits stay bounded by the wait queue (full -> at once 503), the connect timeout, the server's
        // statement_timeout and the HTTP request timeout.
        PoolOptions po = new PoolOptions()
                .setMaxSize(c.maxPoolSize())
                .setMaxWaitQueueSize(c.maxWaitQueue())
                .setConnectionTimeout(0)
                .setShared(true)
                .setName("zikao-pg");
        return PgBuilder.pool().with(po).with(new NetClientOptions().setConnectTimeout(c.connectTimeoutMs()).setTcpNoDelay(true))
                .connectingTo(co).using(vertx).build();
    }

    /** Runs the Flyway migrations over JDBC, before any verticle starts. */
    public static void migrate(String uri) {
        Flyway.configure().dataSource(jdbcUrl(uri), user(uri), password(uri))
                .locations("classpath:db/migration").load().migrate();
    }

    public static Connection jdbc(String uri) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(uri), user(uri), password(uri));
    }

    /** {@code postgresql://user:pw@host:port/db} → {@code jdbc:postgresql://host:port/db}. */
    static String jdbcUrl(String uri) {
        URI u = parse(uri);
        return "jdbc:postgresql://" + u.getHost() + ":" + (u.getPort() < 0 ? 5432 : u.getPort()) + u.getPath()
                + (u.getQuery() == null ? "" : "?" + u.getQuery());
    }

    static String user(String uri) {
        String info = parse(uri).getUserInfo();
        return info == null ? System.getProperty("user.name") : info.split(":", 2)[0];
    }

    static String password(String uri) {
        String info = parse(uri).getUserInfo();
        return info == null || !info.contains(":") ? null : info.split(":", 2)[1];
    }

    private static URI parse(String uri) {
        try {
            URI u = URI.create(uri.replaceFirst("^postgres(ql)?://", "postgresql://"));
            if (u.getHost() == null || u.getPath() == null || u.getPath().length() < 2) {
                throw new IllegalArgumentException("host and database required");
            }
            return u;
        } catch (IllegalArgumentException e) {
            throw new ConfigException("ZIKAO_PG_URI is not postgresql://user@host:port/db (" + e.getMessage() + ")");
        }
    }
}
