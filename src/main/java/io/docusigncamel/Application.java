package io.docusigncamel;

import io.docusigncamel.config.SettingsReader;
import io.docusigncamel.inbox.EnvelopeMapping;
import io.docusigncamel.inbox.InboxSettings;
import io.docusigncamel.api.RateBudgetSettings;
import io.docusigncamel.status.TrackingSettings;
import io.docusigncamel.inbox.MappingFileException;
import io.docusigncamel.doctor.Doctor;
import io.docusigncamel.emulator.EmulatorCommand;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.camel.main.Main;

/**
 * The jar's entry point: {@code run} (the default: the service), {@code doctor} (preflight checks), {@code emulator}
 * (the DocuSign emulator alone) and {@code --help}.
 */
public final class Application {

    /** {@code ./application.properties} first, then the copy in the jar; the first that defines a key wins. */
    public static final String PROPERTY_LOCATIONS =
            "file:application.properties;optional=true,classpath:application.properties;optional=true";

    private Application() {
    }

    public static void main(String[] args) throws Exception {
        int exit = run(args);
        if (exit != 0) {
            System.exit(exit);
        }
    }

    static int run(String[] args) throws Exception {
        String command = args.length == 0 ? "run" : args[0];
        String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
        switch (command) {
            case "run":
                return runService(rest);
            case "doctor":
                return Doctor.run(PROPERTY_LOCATIONS, System.out);
            case "emulator":
                return EmulatorCommand.run(rest);
            case "--help":
            case "-h":
            case "help":
                usage(System.out);
                return 0;
            default:
                System.err.println("unknown command: " + command);
                usage(System.err);
                return 2;
        }
    }

    private static int runService(String[] args) throws Exception {
        if (args.length > 0) {
            System.err.println("run takes no arguments; settings live in application.properties: " + String.join(" ", args));
            return 2;
        }
        // Validate before Camel starts, so that a wrong configuration ends with one line per problem and no stack trace.
        List<String> problems = configurationProblems(PropertySource.fromLocations(PROPERTY_LOCATIONS));
        if (!problems.isEmpty()) {
            System.err.println("docusign-camel cannot start: the configuration is invalid.");
            problems.forEach(p -> System.err.println("  " + p));
            return 1;
        }
        Main main = new Main(Application.class);
        main.setDefaultPropertyPlaceholderLocation(PROPERTY_LOCATIONS);
        main.run();
        return main.getExitCode();
    }

    /**
     * Every problem of the settings (DocuSign, tracking, API budget, inbox, mapping file), one line each; empty when
     * the service can start. The one rule set for {@code run}, the configuration class and {@code doctor}.
     */
    public static List<String> configurationProblems(Function<String, Optional<String>> properties) {
        List<String> problems = new ArrayList<>(SettingsReader.read(properties).problems());
        problems.addAll(TrackingSettings.read(properties).problems());
        problems.addAll(RateBudgetSettings.read(properties).problems());
        InboxSettings.Result inbox = InboxSettings.read(properties);
        problems.addAll(inbox.problems());
        if (inbox.valid() && inbox.settings().orElseThrow().mappingFile().isPresent()) {
            try {
                EnvelopeMapping.from(inbox.settings().orElseThrow());
            } catch (MappingFileException e) {
                e.problems().forEach(p -> problems.add(InboxSettings.MAPPING_FILE + ": "
                        + inbox.settings().orElseThrow().mappingFile().orElseThrow() + ": " + p));
            }
        }
        return problems;
    }

    static void usage(PrintStream out) {
        out.println("""
                docusign-camel: sends DocuSign envelopes from CSV files and tracks them (Apache Camel, JWT Grant).

                usage: java -jar target/docusign-camel.jar [command]

                commands:
                  run (default)   start the service; reads ./application.properties, then the copy in the jar;
                                  environment variables override both (DOCUSIGN_USER_ID -> docusign.user-id)
                  doctor          preflight: configuration, key, clock, token, consent, account, REST call, folders, ledger;
                                  exit 0 when no check fails (warnings allowed)
                  emulator [--port N] [--dir D] [--signer-delay SECONDS]
                                  run the DocuSign emulator alone; prints "emulator ready <base URL>" and writes
                                  D/credentials.json (default D: data/emulator)
                  --help          this text

                With the shipped application.properties (docusign.environment=emulator) the service runs against the
                embedded emulator: no DocuSign account and no network needed.""");
    }
}
