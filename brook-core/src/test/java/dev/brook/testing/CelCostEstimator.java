package dev.brook.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The worst-case cost of an {@code x-kubernetes-validations} rule, estimated statically from its
 * compiled CEL expression and the CRD's OpenAPI schema, the way the API server does it when a CRD is
 * created or updated. A rule over the limit makes the API server refuse the whole CRD ("estimated rule
 * cost exceeds budget by factor of ..."), something neither the fabric8 mock server nor a JSON-schema
 * validator notices.
 *
 * <h2>Where the numbers come from</h2>
 * Read in the public Kubernetes and cel-go sources (facts carried over, no code):
 * <ul>
 * <li>{@code apiextensions-apiserver/pkg/apis/apiextensions/validation/validation.go}:
 *     {@code StaticEstimatedCostLimit = 10000000} per expression, {@code StaticEstimatedCRDCostLimit =
 *     100000000} for all rules of a CRD; a rule's cost is its expression's max cost multiplied by the
 *     cardinality of the schema node carrying it ({@code getExpressionCost}).</li>
 * <li>{@code .../validation/cel_validation.go}: that cardinality is the product of {@code maxItems} /
 *     {@code maxProperties} of every enclosing array / map (objects count 1); with any unbounded one
 *     the server falls back to "as many as fit in a request": {@code 3 MiB / (min serialized size + 1)}
 *     ({@code schema/cel/model.MaxCardinality}).</li>
 * <li>{@code apiserver/pkg/cel/common/schemas.go} (and {@code limits.go}): without {@code maxItems} a
 *     list holds {@code (3 MiB - 2) / (min item size + 1)} items, a map {@code (3 MiB - 2) / (min value
 *     size + 6)} entries; a string with {@code maxLength} has size {@code 4 * maxLength} (bytes: a code
 *     point takes up to 4), an enum without it the length of its longest value, otherwise {@code 3 MiB
 *     - 2}. Minimum serialized sizes: string 2, number 1, boolean 4, list/map 2, object {@code 2 +
 *     sum(len(name) + min(value) + 4)} over required properties without a default.</li>
 * <li>cel-go {@code checker/cost.go}: identifier and field selection cost 1 ({@code has()} 1),
 *     constants 0, an O(1) call 1 plus its arguments; {@code &&}/{@code ||} only their operands;
 *     {@code ?:} the condition plus the dearer branch; a comprehension (the {@code all}, {@code exists},
 *     {@code exists_one}, {@code map}, {@code filter} macros) costs range + init + result + <em>size of
 *     the range</em> x (loop condition + loop step); {@code ==}, {@code !=}, {@code <} ... cost
 *     {@code 0.1 x min(size(lhs), size(rhs))} (StringTraversalCostFactor 0.1, rounded up);
 *     {@code contains} {@code (0.1 x size) x (0.1 x size(arg))}; {@code startsWith}/{@code endsWith}
 *     {@code 0.1 x size(arg)}; {@code matches} {@code 0.1 x (size + 1) x 0.25 x size(regex)}
 *     (RegexStringLengthCostFactor 0.25); string {@code +} {@code 0.1 x} the result size; {@code in}
 *     the size of the list; list / map literals 10 / 30.</li>
 * <li>{@code apiserver/pkg/cel/library/cost.go}: {@code lowerAscii}, {@code upperAscii}, {@code trim},
 *     {@code substring}, {@code indexOf}/{@code lastIndexOf} on strings {@code 0.1 x size};
 *     {@code replace}, {@code split} {@code 0.2 x size}; list functions ({@code isSorted}, {@code sum},
 *     {@code min}, {@code max}, list {@code indexOf}) {@code size x (1 + 0.1 x item size)}.</li>
 * </ul>
 * Values a rule reads from the schema are sized as above; integers, numbers, booleans, literals
 * other than strings and results of calls have size 1, so comparing two of them costs 1. (The server
 * sizes some schema scalars 0 and others, such as map values read as fields, as unknown; 1 never
 * estimates below it where it matters.) The calibration table in {@code CelRulesTest} reproduces costs
 * published in Kubernetes' own {@code TestCostEstimation}.
 *
 * <h2>Stricter than the server, on purpose</h2>
 * Besides the cost, every <b>missing bound</b> the rule depends on is reported, even when the server
 * would still accept the rule: a list or map a comprehension iterates (or {@code in} searches) needs
 * {@code maxItems} / {@code maxProperties}; a string that is compared or given to a string function
 * needs {@code maxLength} (an enum alone is not enough, older servers ignore it); every enclosing
 * list / map of the rule's node needs a bound. A field the schema does not declare, a variable that is
 * not {@code self}/{@code oldSelf}/a macro variable, and a function without a cost model here are
 * reported as problems too (extend {@link #callCost} rather than guessing).
 */
public final class CelCostEstimator {
    /** apiextensions validation.go: largest allowed static cost of one expression. */
    public static final long STATIC_ESTIMATED_COST_LIMIT = 10_000_000L;
    /** apiextensions validation.go: largest allowed total static cost of all rules of a CRD. */
    public static final long STATIC_ESTIMATED_CRD_COST_LIMIT = 100_000_000L;
    /** apiserver/pkg/cel/limits.go: the largest request the server accepts, 3 MiB. */
    public static final long MAX_REQUEST_SIZE_BYTES = 3L * 1024 * 1024;
    /** cel-go: cost of traversing one byte of a string. */
    static final double STRING_TRAVERSAL_COST_FACTOR = 0.1;
    /** cel-go: cost per byte of a regular expression applied to a string. */
    static final double REGEX_STRING_LENGTH_COST_FACTOR = 0.25;
    private static final long UNKNOWN = Long.MAX_VALUE;

    private CelCostEstimator() {
    }

    /** One {@code x-kubernetes-validations} entry and where it sits in the schema. */
    public record RuleSite(String crd, String path, int index, String rule, JsonNode schema, long cardinality,
            List<String> unboundedEnclosing) {
        /** E.g. {@code .spec.brokers.listeners x-kubernetes-validations[0]}. */
        public String where() {
            return path + " x-kubernetes-validations[" + index + "]";
        }
    }

    /**
     * The estimate of one rule. {@code expressionCost} is one evaluation; {@code cost} multiplies it by
     * the cardinality of the rule's node, which is what the API server compares with the limit.
     */
    public record Estimate(long expressionCost, long cardinality, long cost, List<String> missingBounds,
            List<String> problems) {
        public boolean exceedsLimit() {
            return cost > STATIC_ESTIMATED_COST_LIMIT;
        }

        public boolean acceptable() {
            return !exceedsLimit() && missingBounds.isEmpty() && problems.isEmpty();
        }
    }

    /** Every rule in an {@code openAPIV3Schema}, with the cardinality of its node. */
    public static List<RuleSite> ruleSites(String crd, JsonNode openApiV3Schema) {
        List<RuleSite> sites = new ArrayList<>();
        collect(crd, openApiV3Schema, "", 1, List.of(), sites);
        return sites;
    }

    private static void collect(String crd, JsonNode schema, String path, long cardinality, List<String> unbounded,
            List<RuleSite> sites) {
        JsonNode rules = schema.path("x-kubernetes-validations");
        for (int i = 0; i < rules.size(); i++) {
            sites.add(new RuleSite(crd, path.isEmpty() ? "." : path, i, rules.get(i).path("rule").asText(), schema,
                    cardinality, unbounded));
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = schema.path("properties").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> p = it.next();
            collect(crd, p.getValue(), path + "." + p.getKey(), cardinality, unbounded, sites);
        }
        if (schema.path("items").isObject()) {
            descend(crd, schema, schema.get("items"), path + "[*]", "maxItems", cardinality, unbounded, sites);
        }
        if (schema.path("additionalProperties").isObject()) {
            descend(crd, schema, schema.get("additionalProperties"), path + "[*]", "maxProperties", cardinality, unbounded,
                    sites);
        }
    }

    private static void descend(String crd, JsonNode parent, JsonNode child, String childPath, String bound,
            long cardinality, List<String> unbounded, List<RuleSite> sites) {
        if (parent.has(bound)) {
            collect(crd, child, childPath, multiply(cardinality, parent.get(bound).asLong()), unbounded, sites);
        } else {
            List<String> more = new ArrayList<>(unbounded);
            more.add(bound + " on " + childPath.substring(0, childPath.length() - 3));
            collect(crd, child, childPath, cardinality, more, sites);
        }
    }

    /** Estimates a rule whose expression was compiled (or parsed) by cel-java. */
    public static Estimate estimate(RuleSite site, CelExpr expr) {
        Walker w = new Walker();
        Val self = Val.of(site.schema(), site.path());
        w.scope.put("self", new ArrayDeque<>(List.of(self)));
        w.scope.put("oldSelf", new ArrayDeque<>(List.of(self)));
        Est e = w.visit(expr);
        long cardinality = site.cardinality();
        if (!site.unboundedEnclosing().isEmpty()) {
            for (String u : site.unboundedEnclosing()) {
                w.missing.add("add " + u + " (an enclosing list/map: the rule runs once per element)");
            }
            cardinality = MAX_REQUEST_SIZE_BYTES / (minSerializedSize(site.schema()) + 1);
        }
        return new Estimate(e.cost, cardinality, multiply(e.cost, cardinality), List.copyOf(w.missing),
                List.copyOf(w.problems));
    }

    /** The minimum JSON size of a value of this schema (the server's unbounded-size fallback). */
    static long minSerializedSize(JsonNode s) {
        if (s == null || s.isMissingNode()) {
            return 1;
        }
        if (s.path("x-kubernetes-int-or-string").asBoolean(false)) {
            return 1;
        }
        switch (s.path("type").asText()) {
            case "string":
                return 2;
            case "integer":
            case "number":
                return 1;
            case "boolean":
                return 4;
            case "array":
                return 2;
            case "object":
                if (s.path("additionalProperties").isObject()) {
                    return 2;
                }
                long size = 2;
                Set<String> required = new LinkedHashSet<>();
                s.path("required").forEach(r -> required.add(r.asText()));
                for (String name : required) {
                    JsonNode prop = s.path("properties").path(name);
                    if (!prop.isMissingNode() && !prop.has("default")) {
                        size += name.length() + minSerializedSize(prop) + 4;
                    }
                }
                return size;
            default:
                return 1;
        }
    }

    public static long multiply(long a, long b) {
        if (a == 0 || b == 0) {
            return 0;
        }
        return a > Long.MAX_VALUE / b ? Long.MAX_VALUE : a * b;
    }

    public static long add(long a, long b) {
        long r = a + b;
        return r < 0 ? Long.MAX_VALUE : r;
    }

    /** {@code ceil(size x factor)}, as cel-go rounds cost factors. */
    static long factor(long size, double factor) {
        if (size == UNKNOWN) {
            return UNKNOWN;
        }
        double d = Math.ceil(size * factor);
        return d >= (double) Long.MAX_VALUE ? Long.MAX_VALUE : (long) d;
    }

    /** What the estimator knows about a value: its kind, its schema (if it comes from one) and its size bound. */
    private record Val(String kind, JsonNode schema, String path, long size, String missingBound, Val elem) {
        static final Val UNKNOWN_VALUE = new Val("dyn", null, null, UNKNOWN, null, null);

        static Val literal(String kind, long size) {
            return new Val(kind, null, null, size, null, null);
        }

        static Val of(JsonNode s, String path) {
            if (s == null || s.isMissingNode()) {
                return UNKNOWN_VALUE;
            }
            if (s.path("x-kubernetes-int-or-string").asBoolean(false)) {
                return s.has("maxLength") ? new Val("dyn", s, path, 4 * s.get("maxLength").asLong(), null, null)
                        : new Val("dyn", s, path, MAX_REQUEST_SIZE_BYTES - 2, "maxLength", null);
            }
            switch (s.path("type").asText()) {
                case "string": {
                    if (s.has("maxLength")) {
                        return new Val("string", s, path, 4 * s.get("maxLength").asLong(), null, null);
                    }
                    long size = MAX_REQUEST_SIZE_BYTES - 2;
                    if (s.path("enum").size() > 0) {
                        size = 0;
                        for (JsonNode v : s.get("enum")) {
                            size = Math.max(size, v.asText().length());
                        }
                    }
                    return new Val("string", s, path, size, "maxLength", null);
                }
                case "integer":
                    return new Val("int", s, path, 1, null, null);
                case "number":
                    return new Val("double", s, path, 1, null, null);
                case "boolean":
                    return new Val("bool", s, path, 1, null, null);
                case "array": {
                    Val item = of(s.get("items"), path + "[*]");
                    return s.has("maxItems") ? new Val("list", s, path, s.get("maxItems").asLong(), null, item)
                            : new Val("list", s, path, (MAX_REQUEST_SIZE_BYTES - 2) / (minSerializedSize(s.get("items")) + 1),
                                    "maxItems", item);
                }
                case "object": {
                    if (s.path("additionalProperties").isObject()) {
                        Val value = of(s.get("additionalProperties"), path + "[*]");
                        return s.has("maxProperties")
                                ? new Val("map", s, path, s.get("maxProperties").asLong(), null, value)
                                : new Val("map", s, path,
                                        (MAX_REQUEST_SIZE_BYTES - 2) / (minSerializedSize(s.get("additionalProperties")) + 6),
                                        "maxProperties", value);
                    }
                    return new Val("object", s, path, 0, null, null);
                }
                default:
                    return UNKNOWN_VALUE;
            }
        }

        boolean isStringLike() {
            return kind.equals("string") || kind.equals("bytes") || (kind.equals("dyn") && schema != null);
        }
    }

    private record Est(long cost, Val val) {
    }

    private static final class Walker {
        final Map<String, Deque<Val>> scope = new HashMap<>();
        final Set<String> missing = new LinkedHashSet<>();
        final Set<String> problems = new LinkedHashSet<>();

        /** Records that the rule's cost depends on this value's size bound. */
        void needBound(Val v, String why) {
            if (v.missingBound() != null) {
                missing.add("add " + v.missingBound() + " on " + v.path() + " (" + why + ")");
            } else if (v.size() == UNKNOWN) {
                problems.add("the size of " + (v.path() == null ? "a computed value" : v.path())
                        + " is unknown to the estimator (" + why + ")");
            }
        }

        Est visit(CelExpr e) {
            switch (e.getKind()) {
                case CONSTANT:
                    return new Est(0, constant(e.constant()));
                case IDENT: {
                    String name = e.ident().name();
                    Deque<Val> stack = scope.get(name);
                    if (stack == null || stack.isEmpty()) {
                        problems.add("unknown variable '" + name + "'");
                        return new Est(1, Val.UNKNOWN_VALUE);
                    }
                    return new Est(1, stack.peek());
                }
                case SELECT: {
                    Est operand = visit(e.select().operand());
                    Val field = field(operand.val(), e.select().field());
                    if (e.select().testOnly()) {
                        return new Est(add(operand.cost(), 1), Val.literal("bool", 1));
                    }
                    return new Est(add(operand.cost(), 1), field);
                }
                case CALL:
                    return call(e);
                case LIST: {
                    long cost = 10;
                    Val elem = null;
                    for (CelExpr el : e.list().elements()) {
                        Est x = visit(el);
                        cost = add(cost, x.cost());
                        elem = larger(elem, x.val());
                    }
                    return new Est(cost, new Val("list", null, null, e.list().elements().size(), null, elem));
                }
                case MAP: {
                    long cost = 30;
                    Val value = null;
                    for (CelExpr.CelMap.Entry entry : e.map().entries()) {
                        cost = add(cost, visit(entry.key()).cost());
                        Est v = visit(entry.value());
                        cost = add(cost, v.cost());
                        value = larger(value, v.val());
                    }
                    return new Est(cost, new Val("map", null, null, e.map().entries().size(), null, value));
                }
                case STRUCT: {
                    long cost = 40;
                    for (CelExpr.CelStruct.Entry entry : e.struct().entries()) {
                        cost = add(cost, visit(entry.value()).cost());
                    }
                    return new Est(cost, Val.literal("object", 0));
                }
                case COMPREHENSION:
                    return comprehension(e.comprehension());
                default:
                    problems.add("unsupported expression kind " + e.getKind());
                    return new Est(UNKNOWN, Val.UNKNOWN_VALUE);
            }
        }

        Val constant(CelConstant c) {
            switch (c.getKind()) {
                case STRING_VALUE:
                    return Val.literal("string", c.stringValue().length());
                case BYTES_VALUE:
                    return Val.literal("bytes", c.bytesValue().size());
                case INT64_VALUE:
                case UINT64_VALUE:
                    return Val.literal("int", 1);
                case DOUBLE_VALUE:
                    return Val.literal("double", 1);
                case BOOLEAN_VALUE:
                    return Val.literal("bool", 1);
                case NULL_VALUE:
                    return Val.literal("null", 1);
                default:
                    return Val.literal("dyn", 1);
            }
        }

        Val field(Val operand, String name) {
            if (operand.kind().equals("map")) {
                return operand.elem() == null ? Val.UNKNOWN_VALUE : operand.elem();
            }
            if (operand.kind().equals("object") && operand.schema() != null) {
                JsonNode prop = operand.schema().path("properties").path(name);
                if (prop.isMissingNode()) {
                    if (!operand.schema().path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
                        problems.add("field '" + name + "' is not in the schema at " + operand.path()
                                + " (a typo? the rule would fail with 'no such key')");
                    }
                    return Val.UNKNOWN_VALUE;
                }
                return Val.of(prop, operand.path() + "." + name);
            }
            if (operand.schema() != null) {
                problems.add("'." + name + "' selects a field of " + operand.path() + ", which is a " + operand.kind());
            }
            return Val.UNKNOWN_VALUE;
        }

        Est comprehension(CelExpr.CelComprehension c) {
            Est range = visit(c.iterRange());
            Est init = visit(c.accuInit());
            boolean bind = c.iterRange().getKind() == CelExpr.ExprKind.Kind.LIST
                    && c.iterRange().list().elements().isEmpty()
                    && c.loopCondition().getKind() == CelExpr.ExprKind.Kind.CONSTANT
                    && c.loopCondition().constant().getKind() == CelConstant.Kind.BOOLEAN_VALUE
                    && !c.loopCondition().constant().booleanValue();
            push(c.accuVar(), init.val());
            if (bind) { // cel.bind(): no loop, the result sees the bound value
                Est result = visit(c.result());
                pop(c.accuVar());
                return new Est(add(add(range.cost(), init.cost()), result.cost()), result.val());
            }
            Val r = range.val();
            needBound(r, "it is iterated by all/exists/exists_one/map/filter");
            boolean twoVars = c.iterVar2() != null && !c.iterVar2().isEmpty();
            Val elem = r.elem() == null ? Val.UNKNOWN_VALUE : r.elem();
            Val key = r.kind().equals("map") ? new Val("string", null, r.path() + " (keys)", MAX_REQUEST_SIZE_BYTES - 2,
                    null, null) : Val.literal("int", 1);
            if (twoVars) {
                push(c.iterVar(), key);
                push(c.iterVar2(), elem);
            } else {
                push(c.iterVar(), r.kind().equals("map") ? key : elem);
            }
            Est loop = visit(c.loopCondition());
            Est step = visit(c.loopStep());
            pop(c.iterVar());
            if (twoVars) {
                pop(c.iterVar2());
            }
            Est result = visit(c.result());
            pop(c.accuVar());
            long cost = add(add(range.cost(), init.cost()), result.cost());
            cost = add(cost, multiply(r.size(), add(loop.cost(), step.cost())));
            Val out = result.val();
            if (init.val().kind().equals("list") || init.val().kind().equals("map")) {
                out = new Val(init.val().kind(), null, null, r.size(), null, step.val().elem());
            }
            return new Est(cost, out);
        }

        void push(String name, Val v) {
            scope.computeIfAbsent(name, k -> new ArrayDeque<>()).push(v);
        }

        void pop(String name) {
            scope.get(name).pop();
        }

        Est call(CelExpr e) {
            CelExpr.CelCall call = e.call();
            String f = call.function();
            Est target = call.target().map(this::visit).orElse(null);
            List<Est> args = new ArrayList<>();
            if (f.equals("_?_:_")) {
                Est cond = visit(call.args().get(0));
                Est a = visit(call.args().get(1));
                Est b = visit(call.args().get(2));
                return new Est(add(cond.cost(), Math.max(a.cost(), b.cost())), larger(a.val(), b.val()));
            }
            for (CelExpr arg : call.args()) {
                args.add(visit(arg));
            }
            long sum = target == null ? 0 : target.cost();
            for (Est a : args) {
                sum = add(sum, a.cost());
            }
            Est fn = callCost(f, target, args);
            return new Est(add(sum, fn.cost()), fn.val());
        }

        /** The cost of the function itself (its operands are already counted) and its result. */
        Est callCost(String f, Est target, List<Est> args) {
            Val bool = Val.literal("bool", 1);
            Val integer = Val.literal("int", 1);
            Val t = target == null ? null : target.val();
            Val a0 = args.isEmpty() ? null : args.get(0).val();
            Val a1 = args.size() < 2 ? null : args.get(1).val();
            switch (f) {
                case "_&&_":
                case "_||_":
                    return new Est(0, bool);
                case "_==_":
                case "_!=_":
                case "_<_":
                case "_<=_":
                case "_>_":
                case "_>=_":
                    for (Val v : List.of(a0, a1)) {
                        if (v.schema() != null && v.isStringLike()) {
                            needBound(v, "it is compared");
                        }
                    }
                    return new Est(factor(Math.min(a0.size(), a1.size()), STRING_TRAVERSAL_COST_FACTOR), bool);
                case "size":
                    return new Est(1, integer);
                case "contains":
                case "startsWith":
                case "endsWith": {
                    Val s = t != null ? t : a0;
                    Val sub = t != null ? a0 : a1;
                    needBound(s, "it is searched by " + f + "()");
                    needBound(sub, "it is the argument of " + f + "()");
                    if (f.equals("contains")) {
                        return new Est(multiply(factor(s.size(), STRING_TRAVERSAL_COST_FACTOR),
                                factor(sub.size(), STRING_TRAVERSAL_COST_FACTOR)), bool);
                    }
                    return new Est(factor(sub.size(), STRING_TRAVERSAL_COST_FACTOR), bool);
                }
                case "matches": {
                    Val s = t != null ? t : a0;
                    Val re = t != null ? a0 : a1;
                    needBound(s, "it is matched against a regular expression");
                    needBound(re, "it is used as a regular expression");
                    return new Est(multiply(factor(add(s.size(), 1), STRING_TRAVERSAL_COST_FACTOR),
                            factor(re.size(), REGEX_STRING_LENGTH_COST_FACTOR)), bool);
                }
                case "_+_":
                    if (a0.kind().equals("string") || a0.kind().equals("bytes")) {
                        needBound(a0, "it is concatenated");
                        needBound(a1, "it is concatenated");
                        long size = add(a0.size(), a1.size());
                        return new Est(factor(size, STRING_TRAVERSAL_COST_FACTOR), new Val(a0.kind(), null, null, size, null, null));
                    }
                    if (a0.kind().equals("list")) {
                        return new Est(1, new Val("list", null, null, add(a0.size(), a1.size()), null, larger(a0.elem(), a1.elem())));
                    }
                    return new Est(1, a0.kind().equals("dyn") ? Val.literal("dyn", 1) : Val.literal(a0.kind(), 1));
                case "@in":
                    needBound(a1, "it is searched by 'in'");
                    return new Est(a1.size(), bool);
                case "_[_]":
                    return new Est(1, a0.elem() == null ? Val.UNKNOWN_VALUE : a0.elem());
                case "lowerAscii":
                case "upperAscii":
                case "trim":
                case "substring":
                case "charAt":
                    needBound(t, "it is read by " + f + "()");
                    return new Est(factor(t.size(), STRING_TRAVERSAL_COST_FACTOR),
                            new Val("string", null, null, t.size(), null, null));
                case "indexOf":
                case "lastIndexOf":
                case "isSorted":
                case "sum":
                case "min":
                case "max":
                    if (t != null && t.kind().equals("list")) {
                        needBound(t, "it is traversed by " + f + "()");
                        long perItem = 1;
                        if (t.elem() != null && t.elem().isStringLike()) {
                            needBound(t.elem(), "its items are compared by " + f + "()");
                            perItem = add(1, factor(t.elem().size(), STRING_TRAVERSAL_COST_FACTOR));
                        }
                        return new Est(multiply(t.size(), perItem), integer);
                    }
                    if (t != null && (f.equals("indexOf") || f.equals("lastIndexOf"))) {
                        needBound(t, "it is searched by " + f + "()");
                        return new Est(factor(t.size(), STRING_TRAVERSAL_COST_FACTOR), integer);
                    }
                    break;
                case "replace":
                case "split":
                    needBound(t, "it is traversed by " + f + "()");
                    return new Est(factor(t.size(), 2 * STRING_TRAVERSAL_COST_FACTOR),
                            f.equals("split") ? new Val("list", null, null, t.size(), null, Val.literal("string", t.size()))
                                    : new Val("string", null, null, UNKNOWN, null, null));
                case "@not_strictly_false":
                case "!_":
                case "-_":
                case "_%_":
                case "_*_":
                case "_/_":
                case "_-_":
                case "int":
                case "uint":
                case "double":
                case "bool":
                case "type":
                case "dyn":
                    return new Est(1, Val.literal(switch (f) {
                        case "@not_strictly_false", "!_", "bool" -> "bool";
                        case "type", "dyn" -> "dyn";
                        case "double" -> "double";
                        default -> "int";
                    }, 1));
                default:
                    break;
            }
            problems.add("no cost model for function '" + f + "' in CelCostEstimator; add one (see the Kubernetes"
                    + " and cel-go cost sources in its javadoc) before using it in a rule");
            return new Est(UNKNOWN, Val.UNKNOWN_VALUE);
        }

        static Val larger(Val a, Val b) {
            if (a == null) {
                return b;
            }
            if (b == null) {
                return a;
            }
            return b.size() > a.size() ? b : a;
        }
    }
}
