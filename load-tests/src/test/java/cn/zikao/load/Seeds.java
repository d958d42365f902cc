package cn.zikao.load;

import static io.gatling.javaapi.core.CoreDsl.csv;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * The candidates {@code seed-candidates} wrote, each handed out once: {@code candidates.csv} (name, idNumber, phone,
 * password, areaCode, majorCode) and {@code sessions.csv} (candidateId, token). One iterator per file and run, shared
 * by every scenario that feeds from it, so two scenarios never get the same candidate.
 */
final class Seeds {
    private static Iterator<Map<String, Object>> candidates;
    private static Iterator<Map<String, Object>> sessions;

    private Seeds() {}

    static synchronized Iterator<Map<String, Object>> candidates() {
        if (candidates == null) {
            candidates = once(records("candidates.csv"), "candidates.csv");
        }
        return candidates;
    }

    static synchronized Iterator<Map<String, Object>> sessions() {
        if (sessions == null) {
            sessions = once(records("sessions.csv"), "sessions.csv");
        }
        return sessions;
    }

    static List<Map<String, Object>> records(String file) {
        return csv(Settings.seedFile(file)).readRecords();
    }

    /** Hands out each record once, from any thread; running out names the file to seed more into. */
    static Iterator<Map<String, Object>> once(List<Map<String, Object>> records, String file) {
        Iterator<Map<String, Object>> it = records.iterator();
        return new Iterator<>() {
            // always: Gatling then asks next(), whose exception tells which file to seed more into
            @Override
            public synchronized boolean hasNext() {
                return true;
            }

            @Override
            public synchronized Map<String, Object> next() {
                if (!it.hasNext()) {
                    throw new NoSuchElementException("every candidate of " + file + " is used: seed more (--count)");
                }
                return it.next();
            }
        };
    }
}
