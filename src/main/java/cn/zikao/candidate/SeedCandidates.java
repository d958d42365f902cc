package cn.zikao.candidate;

import cn.zikao.auth.AuthModule;
import cn.zikao.auth.Sessions;
import cn.zikao.identity.IdentityModule;
import cn.zikao.identity.Passwords;
import cn.zikao.plan.ExamPlan;
import cn.zikao.plan.PlanModule;
import cn.zikao.platform.AppConfig;
import cn.zikao.platform.PiiCipher;
import cn.zikao.platform.Platform;
import cn.zikao.platform.Postgres;
import cn.zikao.platform.Times;
import cn.zikao.sms.SmsModule;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * {@code seed-candidates --count N --out DIR [--area A --major M --sitting S] [--sessions]} (dev profile only):
 * N real candidates for load tests, enrolled in one sitting, area and major, written in one transaction by COPY.
 * Their 准考证号 are reserved in {@code admission_sequence}, so later registrations continue after them. All share
 * one argon2id hash of {@link #PASSWORD} made by the service's {@link Passwords}: logging in costs what it costs.
 */
final class SeedCandidates {
    static final String PASSWORD = "Zikao2027seed";
    private static final HexFormat HEX = HexFormat.of();

    private SeedCandidates() {}

    /** Seeds as {@code args} say; answers the exit status (0 seeded, 1 refused or failed, 2 usage). */
    static int run(AppConfig config, String[] args) {
        if (!config.dev()) {
            System.err.println("seed-candidates: refused in the prod profile");
            return 1;
        }
        SeedOptions o = SeedOptions.parse(args);
        if (o == null) {
            System.err.println("usage: seed-candidates --count N --out DIR [--area A --major M --sitting S] [--sessions]");
            return 2;
        }
        if (config.postgres().uri().isBlank() || o.sessions() && config.redis().uri().isBlank()) {
            System.err.println("seed-candidates: needs ZIKAO_PG_URI (and ZIKAO_REDIS_URI with --sessions)");
            return 1;
        }
        ExamPlan plan = PlanModule.read(config);
        SeedOptions.Target t = o.target(plan, Clock.systemUTC().instant());
        if (t == null) {
            System.err.println("seed-candidates: no such open sitting, area or major in " + config.plan());
            return 1;
        }
        long t0 = System.nanoTime();
        try {
            String hash = Passwords.hashBlocking(PASSWORD);
            Postgres.migrate(config.postgres().uri());
            PiiCipher pii = new PiiCipher(config.pii());
            SeedRows rows = new SeedRows(pii, hash, t.sitting().code(), t.area(), t.major(), OffsetDateTime.now(Times.CHINA));
            List<SeedRows.Person> people;
            List<Long> ids;
            try (Connection db = Postgres.jdbc(config.postgres().uri())) {
                db.setAutoCommit(false);
                int first = reserve(db, t, o.count());
                if (first < 0) {
                    System.err.println("seed-candidates: area " + t.area() + " has no room for " + o.count() + " more 准考证号 in "
                            + t.year2() + "/" + t.term() + " (99999 at most per area and term)");
                    return 1;
                }
                List<String> phones = freshPhones(db, pii, o.count());
                people = IntStream.range(0, o.count()).parallel()
                        .mapToObj(i -> rows.person(t.year2(), t.term(), first + i, phones.get(i))).toList();
                copy(db, rows, people);
                db.commit();
                ids = o.sessions() ? seededIds(db, people) : List.of();
            }
            Files.createDirectories(o.out());
            write(o.out().resolve("candidates.csv"), "name,idNumber,phone,password,areaCode,majorCode",
                    people.stream().map(p -> rows.csvLine(p, PASSWORD)).toList());
            if (o.sessions()) {
                // the service's own session code, as a login issues them
                Platform platform = Platform.open(config, Clock.systemUTC());
                try {
                    IdentityModule identity = new IdentityModule(platform);
                    Sessions sessions = new AuthModule(platform, identity, new SmsModule(platform, identity)).sessions();
                    write(o.out().resolve("sessions.csv"), "candidateId,token",
                            ids.parallelStream().map(id -> id + "," + sessions.issue(id).token() + "\n").toList());
                } finally {
                    platform.close();
                }
            }
            System.out.println("seed-candidates: " + o.count() + " candidates in " + t.sitting().code() + "/" + t.area() + "/"
                    + t.major() + " (准考证号 " + people.get(0).admissionNo() + ".." + people.get(people.size() - 1).admissionNo()
                    + ") in " + (System.nanoTime() - t0) / 1_000_000 + " ms, written to " + o.out()
                    + (o.sessions() ? " with sessions.csv" : ""));
            return 0;
        } catch (SQLException e) {
            System.err.println("seed-candidates: nothing seeded: " + e.getSQLState() + " " + e.getMessage());
            return 1;
        } catch (IOException e) {
            System.err.println("seed-candidates: cannot write " + o.out() + ": " + e.getMessage());
            return 1;
        } catch (Exception e) {
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e.getMessage(), e);
        }
    }

    /** The first of {@code count} numbers reserved in this transaction, or -1 when the area and term lack room. */
    private static int reserve(Connection db, SeedOptions.Target t, int count) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement(CandidateSql.SEED_RESERVE)) {
            ps.setString(1, t.area());
            ps.setString(2, t.year2());
            ps.setString(3, t.term());
            ps.setInt(4, count);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1) - count + 1;
            }
        } catch (SQLException e) {
            if ("23514".equals(e.getSQLState())) {
                db.rollback();
                return -1;
            }
            throw e;
        }
    }

    /** {@code count} distinct phone numbers no candidate holds yet (drawn at random, the taken ones drawn again). */
    private static List<String> freshPhones(Connection db, PiiCipher pii, int count) throws SQLException {
        Set<String> chosen = new LinkedHashSet<>();
        while (chosen.size() < count) {
            Set<String> drawn = new LinkedHashSet<>();
            while (chosen.size() + drawn.size() < count) {
                String p = SeedRows.phone();
                if (!chosen.contains(p)) {
                    drawn.add(p);
                }
            }
            List<String> list = List.copyOf(drawn);
            byte[][] hmacs = list.stream().map(pii::hmac).toArray(byte[][]::new);
            Set<String> taken = new HashSet<>();
            try (PreparedStatement ps = db.prepareStatement(CandidateSql.SEED_PHONES_TAKEN)) {
                ps.setArray(1, db.createArrayOf("bytea", hmacs));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        taken.add(HEX.formatHex(rs.getBytes(1)));
                    }
                }
            }
            for (int i = 0; i < list.size(); i++) {
                if (!taken.contains(HEX.formatHex(hmacs[i]))) {
                    chosen.add(list.get(i));
                }
            }
        }
        return List.copyOf(chosen);
    }

    private static void copy(Connection db, SeedRows rows, List<SeedRows.Person> people) throws SQLException {
        List<byte[]> lines = people.parallelStream().map(rows::copyLine).toList();
        CopyIn in = db.unwrap(PGConnection.class).getCopyAPI().copyIn(CandidateSql.SEED_COPY);
        try {
            for (byte[] line : lines) {
                in.writeToCopy(line, 0, line.length);
            }
            in.endCopy();
        } finally {
            if (in.isActive()) {
                in.cancelCopy();
            }
        }
    }

    private static List<Long> seededIds(Connection db, List<SeedRows.Person> people) throws SQLException {
        List<Long> ids = new ArrayList<>(people.size());
        try (PreparedStatement ps = db.prepareStatement(CandidateSql.SEED_SEEDED)) {
            ps.setString(1, people.get(0).admissionNo());
            ps.setString(2, people.get(people.size() - 1).admissionNo());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
        }
        return ids;
    }

    private static void write(Path file, String header, List<String> lines) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(header);
            w.write('\n');
            for (String l : lines) {
                w.write(l);
            }
        }
    }
}
