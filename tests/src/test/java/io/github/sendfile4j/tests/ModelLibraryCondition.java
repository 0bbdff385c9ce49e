package io.github.sendfile4j.tests;

import java.nio.file.Files;
import java.nio.file.Paths;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * In a kernel-model run ({@code -Dsendfile4j.test.os}), skips every test, by name and with the reason, when
 * the model library was not built (no clang on this machine: build-models.sh said so), instead of letting
 * the modelled provider fail to load. Registered for the model runs only (tests/pom.xml).
 */
public final class ModelLibraryCondition implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        String os = System.getProperty("sendfile4j.test.os");
        String library = System.getProperty("sendfile4j.library.path", "");
        if (os == null || Files.isRegularFile(Paths.get(library))) {
            return ConditionEvaluationResult.enabled("kernel model available");
        }
        return ConditionEvaluationResult.disabled("the " + os + " kernel model was not built (" + library
                + "): apt-get install clang");
    }
}
