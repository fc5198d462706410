package dev.brook.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.types.SimpleType;
import dev.cel.common.values.NullValue;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The CRDs' {@code x-kubernetes-validations} rules run through a real CEL engine (cel-java), with
 * {@code self} (and {@code oldSelf}) declared as {@code dyn}: the rule's logic, not its static typing, is
 * what the examples prove; typos in field names are caught by {@link CelCostEstimator}, which resolves
 * every field against the schema.
 *
 * <p>The API server compiles rules in a richer environment: cel-go's standard library plus the
 * Kubernetes libraries ({@code k8s.io/apiserver/pkg/cel/library}: lists, regex {@code find}, URLs,
 * quantities, IPs/CIDRs, semver, {@code format}) and cel-go extensions. cel-java provides the standard
 * library and the strings, sets, math, encoders, optional and two-variable comprehension extensions,
 * which are enabled here; the Kubernetes-only functions are not. A rule that uses one fails to compile
 * here with a message saying so ({@link #compile}), instead of being skipped.
 */
public final class CelRules {
    /** Function names of the Kubernetes CEL libraries that cel-java does not implement. */
    public static final Set<String> KUBERNETES_ONLY_FUNCTIONS = Set.of(
            // lists.go
            "isSorted", "sum", "min", "max", "indexOf", "lastIndexOf",
            // regex.go
            "find", "findAll",
            // urls.go
            "url", "isURL", "getScheme", "getHost", "getHostname", "getPort", "getEscapedPath", "getQuery",
            // quantity.go
            "quantity", "isQuantity", "sign", "isGreaterThan", "isLessThan", "compareTo", "asInteger",
            "asApproximateFloat", "isInteger", "add", "sub",
            // ip.go, cidr.go
            "ip", "isIP", "cidr", "isCIDR", "family", "isUnspecified", "isLoopback", "isLinkLocalMulticast",
            "isLinkLocalUnicast", "isGlobalUnicast", "ip.isCanonical", "containsIP", "containsCIDR", "masked",
            "prefixLength",
            // format.go, semver
            "named", "validate", "semver", "isSemver", "major", "minor", "patch");

    private static final CelOptions OPTIONS = CelOptions.current().build();
    private static final CelCompiler COMPILER = CelCompilerFactory.standardCelCompilerBuilder()
            .setOptions(OPTIONS)
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addLibraries(CelExtensions.strings(), CelExtensions.sets(OPTIONS), CelExtensions.math(OPTIONS),
                    CelExtensions.encoders(OPTIONS), CelExtensions.optional(), CelExtensions.comprehensions())
            .addVar("self", SimpleType.DYN)
            .addVar("oldSelf", SimpleType.DYN)
            .build();
    private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder()
            .setOptions(OPTIONS)
            .addLibraries(CelExtensions.strings(), CelExtensions.sets(OPTIONS), CelExtensions.math(OPTIONS),
                    CelExtensions.encoders(OPTIONS), CelExtensions.optional(), CelExtensions.comprehensions())
            .build();

    private CelRules() {
    }

    /** A compile failure whose message says what went wrong, for a test to report. */
    public static final class CompileFailure extends Exception {
        public CompileFailure(String message) {
            super(message);
        }
    }

    /**
     * Compiles a rule. Fails with a message naming the Kubernetes-only library functions it calls, if any
     * (cel-java cannot check, cost or evaluate those), or with the compiler's own error.
     */
    public static CelAbstractSyntaxTree compile(String rule) throws CompileFailure {
        CelValidationResult parsed = COMPILER.parse(rule, "rule");
        if (parsed.hasError()) {
            throw new CompileFailure("does not parse: " + parsed.getErrorString());
        }
        Set<String> kubernetesOnly = new TreeSet<>();
        try {
            collectCalls(parsed.getAst().getExpr(), kubernetesOnly);
        } catch (CelValidationException e) {
            throw new CompileFailure("does not parse: " + e.getMessage());
        }
        kubernetesOnly.retainAll(KUBERNETES_ONLY_FUNCTIONS);
        CelValidationResult compiled = COMPILER.compile(rule, "rule");
        if (compiled.hasError()) {
            if (!kubernetesOnly.isEmpty()) {
                throw new CompileFailure("uses the Kubernetes CEL library function(s) " + kubernetesOnly
                        + " (k8s.io/apiserver/pkg/cel/library), which cel-java does not provide: this test cannot"
                        + " compile, cost or evaluate the rule. Declare and implement them in CelRules (and give"
                        + " them a cost in CelCostEstimator), or write the rule without them. Compiler: "
                        + compiled.getErrorString());
            }
            throw new CompileFailure("does not compile: " + compiled.getErrorString());
        }
        try {
            return compiled.getAst();
        } catch (CelValidationException e) {
            throw new CompileFailure("does not compile: " + e.getMessage());
        }
    }

    private static void collectCalls(CelExpr e, Set<String> names) {
        switch (e.getKind()) {
            case CALL -> {
                names.add(e.call().function());
                e.call().target().ifPresent(t -> collectCalls(t, names));
                e.call().args().forEach(a -> collectCalls(a, names));
            }
            case SELECT -> collectCalls(e.select().operand(), names);
            case LIST -> e.list().elements().forEach(a -> collectCalls(a, names));
            case MAP -> e.map().entries().forEach(en -> {
                collectCalls(en.key(), names);
                collectCalls(en.value(), names);
            });
            case STRUCT -> e.struct().entries().forEach(en -> collectCalls(en.value(), names));
            case COMPREHENSION -> {
                var c = e.comprehension();
                for (CelExpr x : List.of(c.iterRange(), c.accuInit(), c.loopCondition(), c.loopStep(), c.result())) {
                    collectCalls(x, names);
                }
            }
            default -> {
            }
        }
    }

    /** Evaluates a compiled rule with {@code self} bound to a JSON value (and {@code oldSelf} to the same). */
    public static Object evaluate(CelAbstractSyntaxTree ast, JsonNode self) throws CelEvaluationException {
        Object value = toCel(self);
        Map<String, Object> vars = new LinkedHashMap<>();
        vars.put("self", value);
        vars.put("oldSelf", value);
        return RUNTIME.createProgram(ast).eval(vars);
    }

    /** JSON as CEL sees a custom resource: objects as maps, integers as int (long), numbers as double. */
    static Object toCel(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return NullValue.NULL_VALUE;
        }
        if (n.isObject()) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> f = it.next();
                m.put(f.getKey(), toCel(f.getValue()));
            }
            return m;
        }
        if (n.isArray()) {
            List<Object> l = new ArrayList<>();
            n.forEach(x -> l.add(toCel(x)));
            return l;
        }
        if (n.isIntegralNumber()) {
            return n.asLong();
        }
        if (n.isNumber()) {
            return n.asDouble();
        }
        if (n.isBoolean()) {
            return n.asBoolean();
        }
        return n.asText();
    }
}
