package cn.zikao.identity;

import cn.zikao.platform.FieldError;
import java.text.Normalizer;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Locale;
import java.util.regex.Pattern;

/** The field rules of a person: ID number (GB 11643), phone, name and password. */
public final class IdentityRules {
    private static final Pattern ID_SHAPE = Pattern.compile("[1-9][0-9]{16}[0-9X]");
    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final String CHECK_CHARS = "10X98765432";
    private static final DateTimeFormatter BIRTH = DateTimeFormatter.ofPattern("uuuuMMdd").withResolverStyle(ResolverStyle.STRICT);
    private static final Pattern PHONE = Pattern.compile("1[3-9][0-9]{9}");
    // Chinese (Han), Tibetan or Latin letters; the middle dot joins parts of a name, never at an end or doubled
    private static final Pattern NAME = Pattern.compile("(?=.{2,30}$)[\\p{IsHan}\\p{IsTibetan}A-Za-z]+(·[\\p{IsHan}\\p{IsTibetan}A-Za-z]+)*");
    private static final Pattern LETTER = Pattern.compile("[A-Za-z]");
    private static final Pattern DIGIT = Pattern.compile("[0-9]");

    /** What an ID number says of its holder. */
    public record IdFacts(LocalDate birthDate, char gender) {}

    private IdentityRules() {}

    /** Upper-cases the check letter and trims, so {@code x} and {@code X} are one number. */
    public static String normalizeIdNumber(String s) {
        return s == null ? null : s.trim().toUpperCase(Locale.ROOT);
    }

    /**
     * A name as it is stored and compared: trimmed and in Unicode NFC, so the same name typed with a compatibility
     * ideograph, decomposed Tibetan vowel signs or a stray space is one name. Every comparison goes through
     * {@link #sameName}.
     */
    public static String normalizeName(String s) {
        return s == null ? null : Normalizer.normalize(s.strip(), Normalizer.Form.NFC);
    }

    /** Whether two names are the same name once normalised ({@link #normalizeName}); null is no name. */
    public static boolean sameName(String a, String b) {
        return a != null && b != null && normalizeName(a).equals(normalizeName(b));
    }

    /** The facts of a valid 18-character ID number (checksum, real birth date not after {@code today}); else null. */
    public static IdFacts idNumber(String id, LocalDate today) {
        if (id == null || !ID_SHAPE.matcher(id).matches()) {
            return null;
        }
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (id.charAt(i) - '0') * WEIGHTS[i];
        }
        if (CHECK_CHARS.charAt(sum % 11) != id.charAt(17)) {
            return null;
        }
        LocalDate birth;
        try {
            birth = LocalDate.parse(id.substring(6, 14), BIRTH);
        } catch (DateTimeParseException e) {
            return null;
        }
        if (birth.getYear() < 1900 || birth.isAfter(today)) {
            return null;
        }
        return new IdFacts(birth, (id.charAt(16) - '0') % 2 == 1 ? 'M' : 'F');
    }

    public static FieldError phoneInvalid() {
        return new FieldError("phone", "INVALID", "field.phone.invalid");
    }

    public static FieldError nameInvalid() {
        return new FieldError("name", "INVALID", "field.name.invalid");
    }

    public static FieldError idNumberInvalid() {
        return new FieldError("idNumber", "INVALID", "field.id-number.invalid");
    }

    public static FieldError passwordWeak(String field) {
        return new FieldError(field, "WEAK", "field.password.weak");
    }

    public static boolean phone(String phone) {
        return phone != null && PHONE.matcher(phone).matches();
    }

    public static boolean name(String name) {
        return name != null && NAME.matcher(normalizeName(name)).matches();
    }

    public static boolean password(String password) {
        return password != null && password.length() >= 8 && password.length() <= 64
                && LETTER.matcher(password).find() && DIGIT.matcher(password).find();
    }
}
