package dev.brook.e2e;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Runs the e2e suite only against a real cluster: KUBECONFIG must be set. Otherwise one line says why it skipped. */
public class RealClusterExtension implements ExecutionCondition {
    private static final java.util.concurrent.atomic.AtomicBoolean SAID = new java.util.concurrent.atomic.AtomicBoolean();

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        String kubeconfig = System.getenv("KUBECONFIG");
        if (kubeconfig == null || kubeconfig.isBlank()) {
            String why = "e2e skipped: KUBECONFIG is not set (point it at a kind/k3d cluster to run the real-cluster suite; see e2e/README.md)";
            if (context.getTestMethod().isEmpty() && SAID.compareAndSet(false, true)) {
                System.out.println(why);
            }
            return ConditionEvaluationResult.disabled(why);
        }
        return ConditionEvaluationResult.enabled("KUBECONFIG=" + kubeconfig);
    }
}
