package cn.zikao.candidate;

import cn.zikao.identity.IdentityRules;
import cn.zikao.plan.PlanCodes;
import cn.zikao.platform.PiiCipher;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code import-roster FILE.csv}: upserts 在籍 candidates (name,idNumber,admissionNo,gender,birthDate,areaCode,majorCode)
 * into {@code roster_entry}, keyed by the ID number's HMAC, so running it again changes nothing. The file is checked
 * whole first: if any line is bad, every bad line is named by its number and nothing is imported (exit 1).
 */
final class RosterImport {
    static final List<String> COLUMNS = List.of("name", "idNumber", "admissionNo", "gender", "birthDate", "areaCode", "majorCode");

    private final PiiCipher pii;
    private final PrintStream out;
    private final PrintStream err;

    record Line(int no, String name, String idNumber, String admissionNo, String gender, LocalDate birthDate,
                String areaCode, String majorCode) {}

    RosterImport(PiiCipher pii, PrintStream out, PrintStream err) {
        this.pii = pii;
        this.out = out;
        this.err = err;
    }

    /** Imports the file; answers the exit status (0 imported, 1 bad lines or a conflict, nothing imported). */
    int run(Path file, Connection db, LocalDate today) throws IOException, SQLException {
        List<String> raw = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<String> bad = new ArrayList<>();
        List<Line> lines = parse(raw, today, bad);
        if (!bad.isEmpty()) {
            bad.forEach(err::println);
            err.println("roster " + file.getFileName() + ": " + bad.size() + " bad line(s), nothing imported");
            return 1;
        }
        int inserted = 0;
        int updated = 0;
        db.setAutoCommit(false);
        try (PreparedStatement upsert = db.prepareStatement(CandidateSql.ROSTER_UPSERT); PreparedStatement used = db.prepareStatement(CandidateSql.ROSTER_NUMBER_USED);
             PreparedStatement reserve = db.prepareStatement(CandidateSql.ROSTER_RESERVE_NUMBER)) {
            for (Line l : lines) {
                byte[] hmac = pii.hmac(l.idNumber());
                if (numberUsed(used, l.admissionNo(), hmac)) {
                    db.rollback();
                    err.println("line " + l.no() + ": admissionNo belongs to another candidate");
                    err.println("roster " + file.getFileName() + ": nothing imported");
                    return 1;
                }
                upsert.setBytes(1, hmac);
                upsert.setBytes(2, pii.encrypt(l.idNumber()));
                upsert.setString(3, pii.keyId());
                upsert.setString(4, l.name());
                upsert.setString(5, l.admissionNo());
                upsert.setString(6, l.gender());
                upsert.setString(7, l.areaCode());
                upsert.setString(8, l.majorCode());
                try (ResultSet rs = upsert.executeQuery()) {
                    if (rs.next()) {
                        if (rs.getBoolean("inserted")) {
                            inserted++;
                        } else {
                            updated++;
                        }
                    }
                }
                AdmissionNumber n = AdmissionNumber.parse(l.admissionNo());
                reserve.setString(1, n.areaCode());
                reserve.setString(2, n.year2());
                reserve.setString(3, n.term());
                reserve.setInt(4, n.sequence());
                reserve.executeUpdate();
            }
            db.commit();
        } catch (SQLException e) {
            db.rollback();
            throw e;
        }
        out.println("roster " + file.getFileName() + ": " + lines.size() + " lines, " + inserted + " inserted, " + updated
                + " updated, " + (lines.size() - inserted - updated) + " unchanged");
        return 0;
    }

    private static boolean numberUsed(PreparedStatement used, String admissionNo, byte[] hmac) throws SQLException {
        used.setString(1, admissionNo);
        used.setBytes(2, hmac);
        used.setString(3, admissionNo);
        used.setBytes(4, hmac);
        try (ResultSet rs = used.executeQuery()) {
            return rs.next();
        }
    }

    /** The good lines; every problem goes to {@code bad} as "line N: field: what is wrong" (never the value). */
    static List<Line> parse(List<String> raw, LocalDate today, List<String> bad) {
        List<Line> lines = new ArrayList<>();
        if (raw.isEmpty() || !List.of(raw.get(0).replace("\uFEFF", "").trim().split(",", -1)).equals(COLUMNS)) {
            bad.add("line 1: the header must be " + String.join(",", COLUMNS));
            return lines;
        }
        Map<String, Integer> seenIds = new HashMap<>();
        Map<String, Integer> seenNumbers = new HashMap<>();
        for (int i = 1; i < raw.size(); i++) {
            int no = i + 1;
            String text = raw.get(i).trim();
            if (text.isEmpty()) {
                continue;
            }
            String[] c = text.split(",", -1);
            if (c.length != COLUMNS.size()) {
                bad.add("line " + no + ": expected " + COLUMNS.size() + " columns, found " + c.length);
                continue;
            }
            for (int k = 0; k < c.length; k++) {
                c[k] = c[k].trim();
            }
            List<String> problems = new ArrayList<>();
            c[0] = IdentityRules.normalizeName(c[0]);
            String idNumber = IdentityRules.normalizeIdNumber(c[1]);
            IdentityRules.IdFacts facts = IdentityRules.idNumber(idNumber, today);
            if (!IdentityRules.name(c[0])) {
                problems.add("name: not 2-30 Chinese, Tibetan or Latin letters");
            }
            if (facts == null) {
                problems.add("idNumber: wrong checksum or birth date");
            }
            if (AdmissionNumber.parse(c[2]) == null || !c[2].startsWith(c[5])) {
                problems.add("admissionNo: not 12 digits of area, year, term (1 or 2) and sequence");
            }
            if (!c[3].equals("M") && !c[3].equals("F") || facts != null && c[3].charAt(0) != facts.gender()) {
                problems.add("gender: not M or F as the ID number says");
            }
            LocalDate birth = null;
            try {
                birth = LocalDate.parse(c[4]);
            } catch (DateTimeParseException e) {
                problems.add("birthDate: not YYYY-MM-DD");
            }
            if (birth != null && facts != null && !birth.equals(facts.birthDate())) {
                problems.add("birthDate: differs from the ID number");
            }
            if (!PlanCodes.AREA.matcher(c[5]).matches()) {
                problems.add("areaCode: not 4 digits");
            }
            if (!PlanCodes.MAJOR.matcher(c[6]).matches()) {
                problems.add("majorCode: not a major code (six digits, e.g. 030301)");
            }
            if (facts != null && seenIds.putIfAbsent(idNumber, no) != null) {
                problems.add("idNumber: same as line " + seenIds.get(idNumber));
            }
            if (seenNumbers.putIfAbsent(c[2], no) != null) {
                problems.add("admissionNo: same as line " + seenNumbers.get(c[2]));
            }
            if (!problems.isEmpty()) {
                bad.add("line " + no + ": " + String.join("; ", problems));
                continue;
            }
            lines.add(new Line(no, c[0], idNumber, c[2], c[3], birth, c[5], c[6]));
        }
        return lines;
    }
}
