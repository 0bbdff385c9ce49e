package io.github.sendfile4j.tests;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a test only where the provider under test ({@link ProviderSuite}) has the raw descriptor calls (a
 * capability, not a name).
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(NeedsRawDescriptors.Condition.class)
@interface NeedsRawDescriptors {
    /** The condition behind the annotation. */
    final class Condition implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            Object instance = context.getTestInstance().orElse(null);
            if (!(instance instanceof ProviderSuite)) {
                return ConditionEvaluationResult.enabled("decided per provider, once the test instance exists");
            }
            ProviderUnderTest under = ((ProviderSuite) instance).under;
            if (!under.serves()) {
                return ConditionEvaluationResult.enabled(under + " does not serve here: its own check says why");
            }
            return under.calls().capabilities().rawDescriptors()
                    ? ConditionEvaluationResult.enabled("raw descriptor calls available")
                    : ConditionEvaluationResult.disabled(under + " has no raw descriptor calls");
        }
    }
}
