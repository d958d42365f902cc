package cn.zikao.platform;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code rotate-pii-key}: every sealed value re-encrypted under the current personal-data key, while the service
 * serves. Each table is walked in key order in small transactions (a batch of rows locked, re-encrypted, committed),
 * so requests wait at most one batch for a row. Only rows under another key id are taken: a second run picks up
 * where an interrupted one stopped and changes nothing once all is done. A row no configured key opens is counted
 * and left as it is.
 */
public final class PiiRotation {

    /**
     * One table: the columns that identify a row (in key order), the sealed columns, and the key-id column that
     * covers them. {@code clearWithoutKeyId}: a null key id means the values were stored before encryption.
     */
    public record Table(String name, List<String> keyColumns, List<String> sealedColumns, String keyIdColumn,
                        boolean clearWithoutKeyId) {}

    /** What one table came to: rows re-encrypted, rows no key opens, rows still under another key afterwards. */
    public record Count(String table, int reencrypted, int undecryptable, long remaining) {}

    private static final int RETRIES = 5;

    private final PiiCipher pii;
    private final int batch;
    private final PrintStream out;

    public PiiRotation(PiiCipher pii, int batch, PrintStream out) {
        this.pii = pii;
        this.batch = batch;
        this.out = out;
    }

    public List<Count> run(Connection db, List<Table> tables) throws SQLException {
        db.setAutoCommit(false);
        List<Count> counts = new ArrayList<>();
        for (Table t : tables) {
            Count c = table(db, t);
            out.println("rotate-pii-key " + t.name() + ": " + c.reencrypted() + " re-encrypted, " + c.undecryptable()
                    + " undecryptable, " + c.remaining() + " under another key");
            counts.add(c);
        }
        return counts;
    }

    private Count table(Connection db, Table t) throws SQLException {
        String keys = String.join(", ", t.keyColumns());
        String select = "SELECT " + keys + ", " + String.join(", ", t.sealedColumns()) + ", " + t.keyIdColumn()
                + " FROM " + t.name() + " WHERE " + t.keyIdColumn() + " IS DISTINCT FROM ?";
        String after = " AND (" + keys + ") > (" + "?, ".repeat(t.keyColumns().size() - 1) + "?)";
        String tail = " ORDER BY " + keys + " LIMIT ? FOR UPDATE";
        String update = "UPDATE " + t.name() + " SET " + String.join(" = ?, ", t.sealedColumns()) + " = ?, "
                + t.keyIdColumn() + " = ? WHERE " + String.join(" = ? AND ", t.keyColumns()) + " = ?";
        Object[] last = null;
        int done = 0;
        int undecryptable = 0;
        while (true) {
            Batch b = null;
            for (int attempt = 1; b == null; attempt++) {
                try {
                    b = batch(db, t, last == null ? select + tail : select + after + tail, update, last);
                    db.commit();
                } catch (SQLException e) {
                    db.rollback();
                    // a deadlock with a request or a serialization failure: the batch is taken again
                    if (attempt >= RETRIES || !("40P01".equals(e.getSQLState()) || "40001".equals(e.getSQLState()))) {
                        throw e;
                    }
                }
            }
            if (b.last() == null) {
                break;
            }
            done += b.reencrypted();
            undecryptable += b.undecryptable();
            last = b.last();
        }
        long remaining;
        try (PreparedStatement ps = db.prepareStatement("SELECT count(*) FROM " + t.name() + " WHERE "
                + t.keyIdColumn() + " IS DISTINCT FROM ?")) {
            ps.setString(1, pii.keyId());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                remaining = rs.getLong(1);
            }
            db.commit();
        }
        return new Count(t.name(), done, undecryptable, remaining);
    }

    private record Batch(Object[] last, int reencrypted, int undecryptable) {}

    private Batch batch(Connection db, Table t, String select, String update, Object[] last) throws SQLException {
        int keys = t.keyColumns().size();
        int sealed = t.sealedColumns().size();
        Object[] lastSeen = null;
        int reencrypted = 0;
        int undecryptable = 0;
        try (PreparedStatement ps = db.prepareStatement(select); PreparedStatement up = db.prepareStatement(update)) {
            int p = 1;
            ps.setString(p++, pii.keyId());
            if (last != null) {
                for (Object k : last) {
                    ps.setObject(p++, k);
                }
            }
            ps.setInt(p, batch);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Object[] key = new Object[keys];
                    for (int i = 0; i < keys; i++) {
                        key[i] = rs.getObject(i + 1);
                    }
                    lastSeen = key;
                    String rowKeyId = rs.getString(keys + sealed + 1);
                    byte[][] values = new byte[sealed][];
                    try {
                        for (int i = 0; i < sealed; i++) {
                            byte[] v = rs.getBytes(keys + i + 1);
                            byte[] clear = v == null ? null : rowKeyId == null && t.clearWithoutKeyId() ? v : pii.open(v, rowKeyId);
                            values[i] = clear == null ? null : pii.seal(clear);
                        }
                    } catch (PiiCipher.Undecryptable e) {
                        undecryptable++;
                        continue;
                    }
                    int q = 1;
                    for (byte[] v : values) {
                        up.setBytes(q++, v);
                    }
                    up.setString(q++, pii.keyId());
                    for (Object k : key) {
                        up.setObject(q++, k);
                    }
                    up.addBatch();
                    reencrypted++;
                }
            }
            if (reencrypted > 0) {
                up.executeBatch();
            }
        }
        return new Batch(lastSeen, reencrypted, undecryptable);
    }
}
