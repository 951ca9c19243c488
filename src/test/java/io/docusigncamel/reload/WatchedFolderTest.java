package io.docusigncamel.reload;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class WatchedFolderTest {

    @Test
    void watchesTheFileEntriesOfTheIncludePatternAndSkipsClasspathEntries() {
        assertThat(WatchedFolder.fromIncludePattern("file:routes/*.yaml, classpath:routes-it/rest-probe.yaml,file:/opt/x/extra-*.yaml"))
                .containsExactly(new WatchedFolder(Path.of("routes"), "*.yaml"), new WatchedFolder(Path.of("/opt/x"), "extra-*.yaml"));
    }

    @Test
    void matchesOnlyFilesDirectlyInTheFolderWhoseNameFitsTheGlob() {
        WatchedFolder routes = WatchedFolder.fromIncludePattern("file:routes/*.yaml").get(0);

        assertThat(routes.matches(Path.of("routes/poll-status.yaml"))).isTrue();
        assertThat(routes.matches(Path.of("routes/notes.txt"))).isFalse();
        assertThat(routes.matches(Path.of("routes/old/poll-status.yaml"))).isFalse();
        assertThat(routes.shown(Path.of("routes/poll-status.yaml").toAbsolutePath())).isEqualTo("routes/poll-status.yaml");
    }
}
