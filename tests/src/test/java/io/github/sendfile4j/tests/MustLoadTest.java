package io.github.sendfile4j.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.sendfile4j.ProviderStatus;
import io.github.sendfile4j.Sendfile;
import io.github.sendfile4j.spi.SendfileProvider;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * On a platform with a native library, the native provider must be the one chosen: a silent fallback would
 * pass every channel-level test while users lose zero-copy. The build sets the expected provider for the
 * machine it runs on (linux on Linux x86_64); this test fails, never skips, there.
 */
class MustLoadTest {
    static final String EXPECTED = System.getProperty("sendfile4j.expectedProvider", "");

    @Test
    void theExpectedProviderIsChosen() {
        assumeTrue(!EXPECTED.isEmpty(), "no native provider expected on this machine");
        assertEquals(EXPECTED, Sendfile.provider().name(), Sendfile.diagnostics());
    }

    @Test
    void theLoadedLibraryIsTheJarsCopyVerifiedByHash() throws Exception {
        assumeTrue(!EXPECTED.isEmpty() && !EXPECTED.equals("fallback"));
        // Asked of this provider through the JNI gateway (Providers): the JVM's own may be the FFM gateway's.
        SendfileProvider jni = Providers.named(EXPECTED + "/jni").provider();
        String classifier = io.github.sendfile4j.spi.Platform.current().classifier();
        String expectedHash;
        try (InputStream in = getClass().getClassLoader()
                .getResourceAsStream("META-INF/native/" + classifier + "/libsendfile4j.so.sha256")) {
            expectedHash = new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\\s+")[0];
        }
        assertEquals(expectedHash, jni.details().get("library.sha256"), jni.details().toString());
        assertEquals("extracted", jni.details().get("library.source"));
    }

    @Test
    void everyProviderIsListedWithAReason() {
        List<ProviderStatus> all = Sendfile.providers();
        List<String> names = all.stream().map(ProviderStatus::name).collect(Collectors.toList());
        assertTrue(names.contains("fallback"), names.toString());
        assertEquals(1, all.stream().filter(ProviderStatus::chosen).count(), all.toString());
        for (ProviderStatus s : all) {
            assertTrue(s.reason() != null && !s.reason().isEmpty(), s.toString());
        }
        if ("fallback".equals(EXPECTED) && names.contains("linux")) {
            ProviderStatus linux = all.get(names.indexOf("linux"));
            assertTrue(linux.reason().contains("sendfile4j.provider=fallback"), linux.toString());
        }
        String text = Sendfile.diagnostics();
        assertTrue(text.contains("platform: " + io.github.sendfile4j.spi.Platform.current().classifier()), text);
        assertTrue(text.contains("provider: " + Sendfile.provider().name()), text);
    }
}
