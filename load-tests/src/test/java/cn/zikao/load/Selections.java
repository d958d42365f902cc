package cn.zikao.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** What a candidate picks on the selection page: one to four free slots with seats left, a course of the major in each. */
final class Selections {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Selections() {}

    /** The order body for a selection page, or null when no slot is free. */
    static String order(String selectionJson) {
        try {
            List<JsonNode> free = new ArrayList<>();
            for (JsonNode slot : JSON.readTree(selectionJson).path("slots")) {
                if (slot.path("left").asInt() > 0 && (slot.path("held").isMissingNode() || slot.path("held").isNull()) && slot.path("courses").size() > 0) {
                    free.add(slot);
                }
            }
            if (free.isEmpty()) {
                return null;
            }
            Collections.shuffle(free, ThreadLocalRandom.current());
            int n = 1 + ThreadLocalRandom.current().nextInt(Math.min(4, free.size()));
            ObjectNode body = JSON.createObjectNode();
            ArrayNode selections = body.putArray("selections");
            for (JsonNode slot : free.subList(0, n)) {
                JsonNode courses = slot.path("courses");
                selections.addObject().put("slotNo", slot.path("slotNo").asInt())
                        .put("courseCode", courses.get(ThreadLocalRandom.current().nextInt(courses.size())).path("code").asText());
            }
            return JSON.writeValueAsString(body);
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /** One course of slot {@code slotNo} for the seat rush: the same slot for everyone, so they contend. */
    static String oneCourse(int slotNo, String courseCode) {
        return "{\"selections\":[{\"slotNo\":" + slotNo + ",\"courseCode\":\"" + courseCode + "\"}]}";
    }
}
