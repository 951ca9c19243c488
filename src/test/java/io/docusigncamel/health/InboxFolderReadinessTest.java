package io.docusigncamel.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.camel.health.HealthCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InboxFolderReadinessTest {

    @TempDir
    Path temp;

    private static HealthCheck.Result check(Path inbox) {
        return new InboxFolderReadiness(inbox).call();
    }

    @Test
    void aWritableFolderIsUpAndTheCheckIsReadinessOnly() throws Exception {
        Path inbox = Files.createDirectories(temp.resolve("inbox"));
        HealthCheck.Result result = check(inbox);
        assertThat(result.getState()).isEqualTo(HealthCheck.State.UP);
        assertThat(result.getDetails()).containsEntry("inbox.dir", inbox.toAbsolutePath().toString());
        InboxFolderReadiness readiness = new InboxFolderReadiness(inbox);
        assertThat(readiness.isReadiness()).isTrue();
        assertThat(readiness.isLiveness()).isFalse();
        assertThat(readiness.getId()).isEqualTo("inbox-folder");
    }

    @Test
    void aMissingFolderIsDownNamingTheSettingAndThePath() {
        Path inbox = temp.resolve("missing");
        HealthCheck.Result result = check(inbox);
        assertThat(result.getState()).isEqualTo(HealthCheck.State.DOWN);
        assertThat(result.getMessage()).get(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .contains("inbox.dir").contains(inbox.toString()).contains("does not exist");
        assertThat(result.getDetails()).containsEntry("inbox.dir", inbox.toString());
    }

    @Test
    void aFileInPlaceOfTheFolderIsDown() throws Exception {
        Path inbox = Files.writeString(temp.resolve("inbox"), "not a folder");
        assertThat(check(inbox).getMessage()).get(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .contains("inbox.dir " + inbox).contains("is not a folder");
    }

    @Test
    void aBrokenLinkIsDown() throws Exception {
        Path inbox = Files.createSymbolicLink(temp.resolve("inbox"), temp.resolve("gone"));
        assertThat(check(inbox).getState()).isEqualTo(HealthCheck.State.DOWN);
        assertThat(check(inbox).getMessage()).get(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .contains("is not a folder");
    }

    @Test
    void aReadOnlyFolderIsDown() throws Exception {
        Path inbox = Files.createDirectories(temp.resolve("inbox"));
        Files.setPosixFilePermissions(inbox, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            assumeTrue(!Files.isWritable(inbox), "the test runs as a user who can write anywhere (root)");
            assertThat(check(inbox).getMessage()).get(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                    .contains("inbox.dir " + inbox).contains("not writable");
        } finally {
            Files.setPosixFilePermissions(inbox, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }
}
