package cn.zikao.candidate;

import cn.zikao.platform.PiiCipher;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The made-up people of {@code seed-candidates}: one per reserved 准考证号 sequence number, each with an ID number
 * derived from that number, so two seedings never collide. The region part is {@code 54} + the area code (a
 * city-level code such as 540100, which no real person's county-level number carries).
 */
final class SeedRows {
    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final LocalDate FIRST_BIRTH = LocalDate.of(1960, 1, 1);
    private static final List<String> GIVEN = List.of("扎西", "次仁", "卓玛", "央金", "格桑", "达瓦", "尼玛", "平措", "拉姆",
            "索朗", "旦增", "白玛", "洛桑", "多吉", "普布", "边巴", "德吉", "强巴", "曲珍", "顿珠");
    private static final HexFormat HEX = HexFormat.of();

    /** One candidate as the CSV and the COPY line both need it. */
    record Person(String admissionNo, String name, String idNumber, String phone, String gender, LocalDate birthDate) {}

    private final PiiCipher pii;
    private final String passwordHash;
    private final String sitting;
    private final String area;
    private final String major;
    private final String consentAt;

    SeedRows(PiiCipher pii, String passwordHash, String sitting, String area, String major, OffsetDateTime consentAt) {
        this.pii = pii;
        this.passwordHash = passwordHash;
        this.sitting = sitting;
        this.area = area;
        this.major = major;
        this.consentAt = consentAt.toString();
    }

    /**
     * The person holding sequence number {@code seq} of {@code year2}/{@code term} in the area: the birth date
     * encodes the term and the thousands of the number, the three sequence digits its rest (and so the gender).
     */
    Person person(String year2, String term, int seq, String phone) {
        int block = (Integer.parseInt(year2) * 2 + Integer.parseInt(term) - 1) % 200;
        LocalDate birth = FIRST_BIRTH.plusDays(block * 100L + seq / 1000);
        String first17 = "54" + area + birth.toString().replace("-", "") + String.format("%03d", seq % 1000);
        String id = first17 + checkChar(first17);
        String name = GIVEN.get(seq % GIVEN.size()) + GIVEN.get(seq / GIVEN.size() % GIVEN.size());
        return new Person(new AdmissionNumber(area, year2, term, seq).toString(), name, id, phone,
                (seq % 1000) % 2 == 1 ? "M" : "F", birth);
    }

    /** A random phone number; uniqueness is the caller's to check. */
    static String phone() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return "1" + (3 + r.nextInt(7)) + String.format("%09d", r.nextInt(1_000_000_000));
    }

    static char checkChar(String first17) {
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (first17.charAt(i) - '0') * WEIGHTS[i];
        }
        return "10X98765432".charAt(sum % 11);
    }

    /** The person's row in COPY's CSV format, in {@link CandidateSql#SEED_COPY}'s column order, PII as the service stores it. */
    byte[] copyLine(Person p) {
        String line = String.join(",", p.admissionNo(), p.name(), bytea(pii.encrypt(p.idNumber())), bytea(pii.hmac(p.idNumber())),
                bytea(pii.encrypt(p.phone())), bytea(pii.hmac(p.phone())), pii.keyId(), '"' + passwordHash + '"', p.gender(),
                "04", "13", "URBAN", "学生", "false", "高中", "2020-07", "拉萨中学", "西藏自治区", "拉萨市", "城关区", "",
                "普通考生", sitting, area, major, "REGISTERED", consentAt) + "\n";
        return line.getBytes(StandardCharsets.UTF_8);
    }

    String csvLine(Person p, String password) {
        return String.join(",", p.name(), p.idNumber(), p.phone(), password, area, major) + "\n";
    }

    private static String bytea(byte[] b) {
        return "\\x" + HEX.formatHex(b);
    }
}
