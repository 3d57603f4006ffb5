package dev.palisade.live.nft;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Runs the host's network tools ({@code nft}, {@code iptables-nft}, {@code ip}) as processes
 * with argument vectors, never through a shell, so no configuration value can become shell
 * syntax. A namespace-bound instance prefixes every command with {@code ip netns exec NAME}:
 * tests run the same code against a network namespace they created. A command that does not end
 * within {@link #TIMEOUT_SECONDS} is killed. Thread-safe (no state besides the prefix).
 */
public final class HostCommands {

    /** How long one command may take; nft loads of the largest rulesets take well under a second. */
    public static final long TIMEOUT_SECONDS = 30;

    private static final Pattern NAMESPACE_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    private final List<String> prefix;
    private final String namespace;

    private HostCommands(List<String> prefix, String namespace) {
        this.prefix = List.copyOf(prefix);
        this.namespace = namespace;
    }

    /** Commands run in the network namespace of this process. */
    public static HostCommands host() {
        return new HostCommands(List.of(), null);
    }

    /** Commands run inside the named network namespace ({@code ip netns exec NAME ...}). */
    public static HostCommands inNetworkNamespace(String name) {
        if (!NAMESPACE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid network namespace name '" + name + "'");
        }
        return new HostCommands(List.of("ip", "netns", "exec", name), name);
    }

    /** The namespace commands run in, or null for the host's own. */
    public String namespace() {
        return namespace;
    }

    /** Runs {@code argv} with nothing on standard input. */
    public CommandResult run(List<String> argv) {
        return run(argv, null);
    }

    /**
     * Runs {@code argv}, writing {@code stdin} (when not null) to its standard input. Throws
     * {@link KernelCommandException} when the program cannot be started (not installed) or does
     * not finish in time; a non-zero exit status is returned, not thrown.
     */
    public CommandResult run(List<String> argv, String stdin) {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(argv);
        Process process;
        try {
            process = new ProcessBuilder(command).start();
        } catch (IOException e) {
            throw new KernelCommandException("cannot run '" + argv.getFirst() + "' (is it installed? nft comes with the "
                    + "nftables package, iptables-nft with iptables, ip with iproute2): " + e.getMessage(), e);
        }
        // Both outputs are drained while the process runs, or a chatty command could block on a full pipe.
        CompletableFuture<String> out = drain(process.getInputStream());
        CompletableFuture<String> err = drain(process.getErrorStream());
        try (OutputStream in = process.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // The program exited without reading its input; its exit status and stderr say why.
        }
        try {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new KernelCommandException("'" + String.join(" ", command) + "' did not finish within "
                        + TIMEOUT_SECONDS + " s and was killed");
            }
            return new CommandResult(command, process.exitValue(), out.get(), err.get());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new KernelCommandException("interrupted while running '" + String.join(" ", command) + "'", e);
        } catch (ExecutionException e) {
            throw new KernelCommandException("cannot read the output of '" + String.join(" ", command) + "'", e);
        }
    }

    /** Runs {@code argv} and throws with the program's message unless it exits with status 0. */
    public CommandResult require(List<String> argv, String stdin, String what) {
        CommandResult result = run(argv, stdin);
        if (!result.succeeded()) {
            throw new KernelCommandException(what + " failed ('" + String.join(" ", result.command()) + "' exited with "
                    + result.exitStatus() + "): " + result.message());
        }
        return result;
    }

    private static CompletableFuture<String> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        }, Thread::startVirtualThread);
    }
}
