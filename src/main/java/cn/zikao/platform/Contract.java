package cn.zikao.platform;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The HTTP surface as {@code openapi.yaml} declares it. The router is built from this list, so a route exists
 * exactly when the contract names it: paths, methods, which operations need a session, which take
 * multipart bodies, and which exist only in the dev profile ({@code x-profile: dev}).
 */
public record Contract(List<Operation> operations) {
    private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");

    public record Operation(String id, String method, String path, boolean authenticated, BodyKind body,
                            boolean devOnly, List<Integer> statuses) {
        /** {@code /orders/{id}} → {@code /orders/:id}, the Vert.x route form. */
        public String routePath() {
            return path.replaceAll("\\{([A-Za-z0-9_]+)}", ":$1");
        }
    }

    public enum BodyKind { NONE, JSON, MULTIPART }

    public static Contract load() {
        try (InputStream in = Contract.class.getResourceAsStream("/openapi.yaml")) {
            if (in == null) {
                throw new ConfigException("openapi.yaml is missing from the classpath");
            }
            return parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static Contract parse(InputStream in) {
        Map<String, Object> root = (Map<String, Object>) Yamls.load(in);
        boolean secureByDefault = root.get("security") instanceof List<?> l && !l.isEmpty();
        List<Operation> ops = new ArrayList<>();
        ((Map<String, Object>) root.get("paths")).forEach((path, item) -> {
            ((Map<String, Object>) item).forEach((method, raw) -> {
                if (!METHODS.contains(method)) {
                    return;
                }
                Map<String, Object> op = (Map<String, Object>) raw;
                Object security = op.get("security");
                boolean auth = security == null ? secureByDefault : !((List<?>) security).isEmpty();
                BodyKind body = BodyKind.NONE;
                if (op.get("requestBody") instanceof Map<?, ?> rb && rb.get("content") instanceof Map<?, ?> content) {
                    body = content.containsKey("multipart/form-data") ? BodyKind.MULTIPART : BodyKind.JSON;
                }
                List<Integer> statuses = new ArrayList<>();
                ((Map<Object, Object>) op.get("responses")).keySet()
                        .forEach(k -> statuses.add(Integer.parseInt(String.valueOf(k))));
                ops.add(new Operation((String) op.get("operationId"), method.toUpperCase(), path, auth, body,
                        "dev".equals(op.get("x-profile")), List.copyOf(statuses)));
            });
        });
        return new Contract(List.copyOf(ops));
    }
}
