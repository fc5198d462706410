package dev.brook.e2e;

import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The real-cluster suite's extension.
 * <ul>
 *   <li>Runs a class only against a real cluster: KUBECONFIG must be set; otherwise one line per class says why it skipped.</li>
 *   <li>Resolves a {@link RealCluster} parameter: Brook installed once per test JVM by whichever class asks first,
 *       cleaned up when the whole run ends (the root store closes it), so no class depends on another's order.</li>
 *   <li>Marks the installation failed when a test or a {@code @BeforeAll}/{@code @AfterAll} fails
 *       (BROOK_E2E_KEEP=on-failure then keeps it for diagnostics).</li>
 * </ul>
 */
public class RealClusterExtension implements ExecutionCondition, ParameterResolver, AfterTestExecutionCallback,
        LifecycleMethodExecutionExceptionHandler {
    private static final ExtensionContext.Namespace STORE = ExtensionContext.Namespace.create(RealClusterExtension.class);

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        String kubeconfig = System.getenv("KUBECONFIG");
        if (kubeconfig == null || kubeconfig.isBlank()) {
            String why = "e2e skipped: KUBECONFIG is not set (point it at a kind/k3d cluster to run the real-cluster suite; see e2e/README.md)";
            if (context.getTestMethod().isEmpty()) {
                System.out.println(why + ": " + context.getDisplayName());
            }
            return ConditionEvaluationResult.disabled(why);
        }
        return ConditionEvaluationResult.enabled("KUBECONFIG=" + kubeconfig);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == RealCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return installation(context);
    }

    /** Brook on the cluster, installed on first use and shared by every class of this run. */
    static RealCluster installation(ExtensionContext context) {
        return context.getRoot().getStore(STORE).getOrComputeIfAbsent(RealCluster.class, k -> RealCluster.install(), RealCluster.class);
    }

    @Override
    public void afterTestExecution(ExtensionContext context) {
        if (context.getExecutionException().isPresent()) {
            markFailed(context);
        }
    }

    @Override
    public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        markFailed(context);
        throw throwable;
    }

    @Override
    public void handleAfterAllMethodExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        markFailed(context);
        throw throwable;
    }

    private static void markFailed(ExtensionContext context) {
        try {
            RealCluster installed = context.getRoot().getStore(STORE).get(RealCluster.class, RealCluster.class);
            if (installed != null) {
                installed.markFailed();
            }
        } catch (RuntimeException installFailed) {
            // the installation itself failed: it marked itself and cleaned up (or kept) already
        }
    }
}
