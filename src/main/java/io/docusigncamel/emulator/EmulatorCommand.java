package io.docusigncamel.emulator;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import io.docusigncamel.emulator.envelope.ConnectConfiguration;
import io.docusigncamel.emulator.envelope.EnvelopeWorld;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;

/**
 * The {@code emulator} command: runs the DocuSign emulator alone, for other tools' tests, until SIGTERM or Ctrl-C.
 * Its output is a contract with those tools' scripts (SPEC §9): exactly one line {@code emulator ready <base URL>}
 * on stdout once it serves, then where {@code credentials.json} is and how to grant consent. Consent is not
 * granted in advance: a script grants it with a GET of the consent URL, as a user would at DocuSign.
 * Not thread-safe per call; each {@link #run} call is independent.
 */
public final class EmulatorCommand {

    public static final int DEFAULT_PORT = 8443;
    public static final String DEFAULT_DIR = "data/emulator";
    static final int EXIT_OK = 0;
    static final int EXIT_FAILED = 1;
    static final int EXIT_USAGE = 2;

    static final String USAGE = """
            usage: emulator [--port N] [--dir D] [--signer-delay SECONDS] [--connect-url URL [--connect-hmac-key KEY]...]
              --port N                 HTTPS port (default %d; 0 picks a free port)
              --dir D                  state directory: identity, keys, certificates, credentials.json (default %s)
              --signer-delay SECONDS   recipients of a sent envelope act on their own after this delay
              --connect-url URL        POST a DocuSign Connect JSON SIM message there on every envelope status change
              --connect-hmac-key KEY   sign Connect messages with this HMAC key (repeatable: one signature header each)
              --help                   this text
            Runs until SIGTERM or Ctrl-C.""".formatted(DEFAULT_PORT, DEFAULT_DIR);

    private EmulatorCommand() {
    }

    public static void main(String[] args) {
        int code = run(args);
        if (code != EXIT_OK) {
            System.exit(code);
        }
    }

    /** Runs the emulator with the process's standard streams; returns the exit code once it has stopped. */
    public static int run(String[] args) {
        return run(args, System.out, System.err, EmulatorCommand::envelopeWorld);
    }

    /**
     * Runs until SIGTERM/Ctrl-C or until the calling thread is interrupted (how tests stop it).
     *
     * @param envelopes makes the envelope world for the emulator's clock
     */
    static int run(String[] args, PrintStream out, PrintStream err, Function<Clock, EnvelopeEndpoints> envelopes) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("emulator: " + e.getMessage());
            err.println(USAGE);
            return EXIT_USAGE;
        }
        if (options.help) {
            out.println(USAGE);
            return EXIT_OK;
        }
        Clock clock = Clock.systemUTC();
        List<EnvelopeEndpoints> made = new CopyOnWriteArrayList<>();
        DocuSignEmulator emulator;
        try {
            emulator = DocuSignEmulator.builder().port(options.port).stateDir(options.dir).clock(clock)
                    .signerDelay(options.signerDelay).envelopeEndpoints(() -> {
                        EnvelopeEndpoints world = envelopes.apply(clock);
                        made.add(world);
                        configureConnect(world, options);
                        return world;
                    }).build();
            emulator.start();
        } catch (IOException | RuntimeException e) {
            err.println("emulator: could not start: " + e.getMessage());
            closeAll(made, err);
            return EXIT_FAILED;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            emulator.close();
            stopped.countDown();
        }, "emulator-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        out.println("emulator ready " + emulator.baseUrl());
        out.println("credentials: " + emulator.credentialsFile() + " ; grant consent with a GET of "
                + emulator.consentUrl());
        out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            emulator.close();
            closeAll(made, err);
            removeHook(hook);
        }
        return EXIT_OK;
    }

    /** Applies {@code --connect-url}; only the emulator's own envelope world has a Connect emitter. */
    private static void configureConnect(EnvelopeEndpoints world, Options options) {
        if (options.connectUrl == null) {
            return;
        }
        if (!(world instanceof EnvelopeWorld envelopeWorld)) {
            throw new IllegalArgumentException("--connect-url needs the emulator's own envelope world");
        }
        envelopeWorld.configureConnect(ConnectConfiguration.to(options.connectUrl)
                .withHmacKeys(options.connectHmacKeys.toArray(String[]::new)));
    }

    /** The envelope worlds made for this run own threads (signers, Connect delivery) that end with the run. */
    private static void closeAll(List<EnvelopeEndpoints> worlds, PrintStream err) {
        for (EnvelopeEndpoints world : worlds) {
            if (world instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    err.println("emulator: the envelope world did not close cleanly: " + e);
                }
            }
        }
    }

    /** The envelope world the standalone emulator serves. */
    static EnvelopeEndpoints envelopeWorld(Clock clock) {
        return new EnvelopeWorld(clock);
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The JVM is already shutting down and runs the hook itself; nothing to remove.
            return;
        }
    }

    /** Parsed command-line options. */
    private static final class Options {
        int port = DEFAULT_PORT;
        Path dir = Path.of(DEFAULT_DIR);
        Duration signerDelay;
        String connectUrl;
        List<String> connectHmacKeys = new ArrayList<>();
        boolean help;

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "--help", "-h" -> o.help = true;
                    case "--port" -> o.port = port(value(args, ++i, arg));
                    case "--dir" -> o.dir = Path.of(value(args, ++i, arg));
                    case "--signer-delay" -> o.signerDelay = Duration.ofSeconds(seconds(value(args, ++i, arg)));
                    case "--connect-url" -> o.connectUrl = value(args, ++i, arg);
                    case "--connect-hmac-key" -> o.connectHmacKeys.add(value(args, ++i, arg));
                    default -> throw new IllegalArgumentException("unknown argument '" + arg + "'");
                }
            }
            if (!o.connectHmacKeys.isEmpty() && o.connectUrl == null) {
                throw new IllegalArgumentException("--connect-hmac-key needs --connect-url");
            }
            if (o.connectUrl != null) {
                try {
                    ConnectConfiguration.to(o.connectUrl).withHmacKeys(o.connectHmacKeys.toArray(String[]::new));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("--connect-url/--connect-hmac-key: " + e.getMessage());
                }
            }
            return o;
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length || args[i].startsWith("--")) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }

        private static int port(String text) {
            try {
                int port = Integer.parseInt(text);
                if (port < 0 || port > 65535) {
                    throw new IllegalArgumentException("--port must be 0..65535, got " + text);
                }
                return port;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--port must be a number, got '" + text + "'");
            }
        }

        private static long seconds(String text) {
            try {
                long seconds = Long.parseLong(text);
                if (seconds < 0) {
                    throw new IllegalArgumentException("--signer-delay must not be negative");
                }
                return seconds;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--signer-delay must be whole seconds, got '" + text + "'");
            }
        }
    }
}
