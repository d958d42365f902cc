package cn.zikao.platform;

import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.net.ConnectException;
import java.net.SocketException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.TimeoutException;

/** Decides whether a failure means "PostgreSQL or Redis cannot be reached right now" (503, try again). */
public final class Unavailable {
    private Unavailable() {}

    public static boolean is(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            // a pooled connection the server dropped fails its next query with "Connection reset"
            if (c instanceof ConnectException || c instanceof SocketException || c instanceof ClosedChannelException
                    || c instanceof TimeoutException
                    || c instanceof io.vertx.core.VertxException && isConnectionMessage(c.getMessage())) {
                return true;
            }
            if (c instanceof PgException pg && pg.getSqlState() != null) {
                String s = pg.getSqlState();
                // connection exceptions, too many connections, shutdown, query canceled by statement_timeout
                if (s.startsWith("08") || s.startsWith("57") || s.equals("53300") || s.equals("53200")) {
                    return true;
                }
            }
            if (c instanceof ClosedConnectionException || c.getClass().getSimpleName().contains("Timeout")) {
                return true;
            }
        }
        return false;
    }

    private static boolean isConnectionMessage(String m) {
        if (m == null) {
            return false;
        }
        String s = m.toLowerCase();
        return s.contains("connection") || s.contains("timeout") || s.contains("timed out") || s.contains("closed")
                || s.contains("refused") || s.contains("loading the dataset");
    }
}
