package dev.pitapat;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalysisReporter;

/**
 * Prints why start-up failed as one line on standard error, without a stack trace. Boot's own multi-line
 * report is switched off in {@code application.properties}.
 */
class OneLineFailureReporter implements FailureAnalysisReporter {

    @Override
    public void report(FailureAnalysis analysis) {
        String description = analysis.getDescription().strip().replaceAll("\\s*\\R\\s*", " ");
        System.err.println("pitapat did not start: " + description);
    }
}
