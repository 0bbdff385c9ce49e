package io.github.sendfile4j.tests;

import io.github.sendfile4j.Sendfile;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Runs a test only where the provider in use has the raw descriptor calls (a capability, not a name). */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(NeedsRawDescriptors.Condition.class)
@interface NeedsRawDescriptors {
    /** The condition behind the annotation. */
    final class Condition implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            ModelledPlatform.select();
            return Sendfile.capabilities().rawDescriptors()
                    ? ConditionEvaluationResult.enabled("raw descriptor calls available")
                    : ConditionEvaluationResult.disabled(Sendfile.provider().name() + " has no raw descriptor calls");
        }
    }
}
