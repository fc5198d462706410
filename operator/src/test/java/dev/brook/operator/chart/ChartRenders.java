package dev.brook.operator.chart;

/** The renders the chart tests look at, each made once per JVM (helm template takes ~0.2 s). */
final class ChartRenders {
    static final String RELEASE = "brook";
    static final String NAMESPACE = "brook";
    static final String ALL_ON = Helm.CHART.resolve("ci/all-on-values.yaml").toString();

    private static RenderedChart defaults;
    private static RenderedChart defaultsWithCrds;
    private static RenderedChart allOn;

    private ChartRenders() {
    }

    static synchronized RenderedChart defaults() {
        if (defaults == null) {
            defaults = Helm.template(RELEASE, NAMESPACE);
        }
        return defaults;
    }

    static synchronized RenderedChart defaultsWithCrds() {
        if (defaultsWithCrds == null) {
            defaultsWithCrds = Helm.template(RELEASE, NAMESPACE, "--include-crds");
        }
        return defaultsWithCrds;
    }

    static synchronized RenderedChart allOn() {
        if (allOn == null) {
            allOn = Helm.template(RELEASE, NAMESPACE, "--include-crds", "-f", ALL_ON);
        }
        return allOn;
    }

    static RenderedChart with(String... setValues) {
        String[] args = new String[setValues.length * 2];
        for (int i = 0; i < setValues.length; i++) {
            args[2 * i] = "--set";
            args[2 * i + 1] = setValues[i];
        }
        return Helm.template(RELEASE, NAMESPACE, args);
    }
}
