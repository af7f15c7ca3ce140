package dev.pitapat.webhook;

import static dev.pitapat.webhook.HostileValues.COMMANDS;
import static dev.pitapat.webhook.HostileValues.READ_BY_HANDLERS;
import static dev.pitapat.webhook.HostileValues.TEXTS;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Changes to a parsed payload that keep it well-formed JSON: a field deleted, or swapped for a value of another
 * type; or the whole aimed at the local stand-in's repository and pull request, with a command as the comment.
 */
final class PayloadMutator {

    /** Mutations reach this deep; with {@link #MAX_NEST} more they stay within Jackson's 500 levels. */
    private static final int MUTATION_DEPTH = 10;

    private static final int MAX_NEST = 440;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Random random;

    PayloadMutator(Random random) {
        this.random = random;
    }

    /** Sent from the stand-in's repository by one of its people or a stranger, about its pull request #1. */
    void aimAtStandIn(ObjectNode payload) {
        String login = random.nextInt(4) == 0 ? "mallory" : random.nextBoolean() ? "alice" : "bob";
        StandInBot.atStandIn(payload, login);
        if (payload.has("comment")) {
            payload.put("action", random.nextInt(5) == 0 ? "edited" : "created");
            ObjectNode issue = payload.putObject("issue");
            issue.put("number", random.nextInt(5) == 0 ? 2 : 1);
            issue.putObject("pull_request").put("url", "https://api.github.com/repos/example/hello/pulls/1");
            ObjectNode comment = payload.putObject("comment");
            comment.put("id", random.nextInt(1000));
            comment.put("body", pick(COMMANDS));
            comment.putObject("user").put("login", login).put("type", "User");
        }
        if (payload.has("check_run")) {
            payload.put("action", "requested_action");
            ObjectNode run = payload.putObject("check_run");
            run.put("name", pick(new String[] {"deploy/staging", "deploy/production", "deploy/pr-1", "build"}));
            run.putArray("pull_requests").addObject().put("number", 1);
            payload.putObject("requested_action")
                    .put("identifier", pick(new String[] {"promote", "rollback", "abort", "nuke"}));
        }
        if (payload.has("pull_request")) {
            payload.put("number", 1);
        }
        if (payload.has("pusher")) {
            payload.put("ref", "refs/heads/main");
            payload.put("after", HexFormat.of().formatHex(randomBytes(20)));
            payload.put("deleted", false);
        }
    }

    /** Deletes or swaps one of the fields the handlers read; says what it did. */
    String mutateReadField(ObjectNode payload) {
        List<String> present = Arrays.stream(READ_BY_HANDLERS)
                .filter(p -> !payload.at(p.substring(0, p.lastIndexOf('/'))).isMissingNode())
                .toList();
        String pointer = pick(present);
        int slash = pointer.lastIndexOf('/');
        JsonNode parent = payload.at(pointer.substring(0, slash));
        String key = pointer.substring(slash + 1);
        boolean delete = random.nextInt(5) == 0;
        JsonNode value = delete ? null : randomValue();
        if (parent instanceof ObjectNode object) {
            if (delete) {
                object.remove(key);
            } else {
                object.set(key, value);
            }
        } else if (parent instanceof ArrayNode array && array.size() > 0) {
            if (delete) {
                array.remove(0);
            } else {
                array.set(0, value);
            }
        } else {
            return "(no " + pointer + ")";
        }
        return delete ? "delete " + pointer : pointer + "=" + shown(value);
    }

    /** Deletes or swaps any one value down to {@value #MUTATION_DEPTH} levels; says what it did. */
    String mutateAnyNode(ObjectNode payload) {
        List<String> pointers = new ArrayList<>();
        collect(payload, "", 0, pointers);
        if (pointers.isEmpty()) {
            return "(empty)";
        }
        String pointer = pointers.get(random.nextInt(pointers.size()));
        int slash = pointer.lastIndexOf('/');
        JsonNode parent = payload.at(pointer.substring(0, slash));
        String key = pointer.substring(slash + 1);
        boolean delete = random.nextInt(3) == 0;
        JsonNode value = delete ? null : randomValue();
        if (parent instanceof ObjectNode object) {
            if (delete) {
                object.remove(key);
            } else {
                object.set(key, value);
            }
        } else if (parent instanceof ArrayNode array) {
            int index = Integer.parseInt(key);
            if (delete) {
                array.remove(index);
            } else {
                array.set(index, value);
            }
        }
        return delete ? "delete " + pointer : pointer + "=" + shown(value);
    }

    /** Every value's pointer down to {@value #MUTATION_DEPTH} levels, so nesting put in stays within bounds. */
    private static void collect(JsonNode node, String pointer, int depth, List<String> pointers) {
        if (depth >= MUTATION_DEPTH) {
            return;
        }
        if (node.isObject()) {
            for (var field : node.properties()) {
                if (field.getKey().contains("/") || field.getKey().contains("~")) {
                    continue;
                }
                String child = pointer + "/" + field.getKey();
                pointers.add(child);
                collect(field.getValue(), child, depth + 1, pointers);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                pointers.add(pointer + "/" + i);
                collect(node.get(i), pointer + "/" + i, depth + 1, pointers);
            }
        }
    }

    /** A value of any type: nulls, odd texts, numbers out of range, containers, deep nesting, long strings. */
    JsonNode randomValue() {
        return switch (random.nextInt(16)) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.stringNode("");
            case 2, 3 -> NODES.stringNode(pick(TEXTS));
            case 4 ->
                NODES.numberNode(pick(new Long[] {
                    0L,
                    -1L,
                    1L,
                    2L,
                    (long) Integer.MAX_VALUE,
                    (long) Integer.MIN_VALUE,
                    1L << 31,
                    Long.MAX_VALUE,
                    Long.MIN_VALUE
                }));
            case 5 ->
                NODES.numberNode(pick(new BigInteger[] {
                    BigInteger.TWO.pow(64),
                    BigInteger.TEN.pow(30),
                    BigInteger.TEN.pow(30).negate(),
                    BigInteger.TEN.pow(900)
                }));
            case 6 -> NODES.numberNode(pick(new Double[] {1.5, -0.0, 1e308, 4.9e-324, 1e-7, -2.5}));
            case 7 -> NODES.numberNode(new BigDecimal(pick(new String[] {"1E+400", "-1E+400", "1E-400", "0.1"})));
            case 8 -> NODES.booleanNode(random.nextBoolean());
            case 9 -> NODES.objectNode();
            case 10 -> NODES.arrayNode();
            case 11 -> {
                ArrayNode array = NODES.arrayNode();
                int n = random.nextInt(4);
                for (int i = 0; i < n; i++) {
                    array.add(random.nextBoolean() ? NODES.stringNode(pick(TEXTS)) : NODES.numberNode(i));
                }
                yield array;
            }
            case 12 -> {
                ObjectNode object = NODES.objectNode();
                object.put("number", pick(TEXTS));
                object.put("login", random.nextInt(100));
                yield object;
            }
            case 13 -> nested(5 + random.nextInt(MAX_NEST - 5));
            case 14 -> NODES.stringNode(pick(COMMANDS));
            default -> NODES.stringNode("x".repeat(1 + random.nextInt(random.nextBoolean() ? 1024 : 64 * 1024)));
        };
    }

    private static JsonNode nested(int depth) {
        ArrayNode root = NODES.arrayNode();
        ArrayNode inner = root;
        for (int i = 1; i < depth; i++) {
            inner = inner.addArray();
        }
        return root;
    }

    private byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        random.nextBytes(bytes);
        return bytes;
    }

    private <T> T pick(T[] choices) {
        return choices[random.nextInt(choices.length)];
    }

    private <T> T pick(List<T> choices) {
        return choices.get(random.nextInt(choices.size()));
    }

    static String shown(JsonNode value) {
        String text = value.toString();
        return text.length() > 40 ? text.substring(0, 40) + "...(" + text.length() + ")" : text;
    }
}
