package dev.palisade.live.nft;

import java.util.ArrayList;
import java.util.List;

/**
 * Network namespaces for tests, all named with the prefix {@code plqk} so that helpers testing
 * other parts in parallel never collide with them. {@link #removeLeftovers()} deletes every
 * {@code plqk*} namespace an earlier, interrupted run left (deleting a namespace removes its
 * veths and nft tables too).
 */
public final class TestNamespaces implements AutoCloseable {

    public static final String PREFIX = "plqk";

    private final List<String> created = new ArrayList<>();

    /** Creates a namespace named {@code plqk + suffix} with loopback up. */
    public String create(String suffix) {
        String name = PREFIX + suffix;
        sh("ip", "netns", "del", name);
        require("ip", "netns", "add", name);
        created.add(name);
        require("ip", "-n", name, "link", "set", "lo", "up");
        return name;
    }

    public static void removeLeftovers() {
        CommandResult list = HostCommands.host().run(List.of("ip", "netns", "list"));
        for (String line : list.stdout().lines().toList()) {
            String name = line.split(" ")[0];
            if (name.startsWith(PREFIX)) {
                sh("ip", "netns", "del", name);
            }
        }
    }

    @Override
    public void close() {
        for (String name : created.reversed()) {
            sh("ip", "netns", "del", name);
        }
        created.clear();
    }

    /** Runs a command on the host, throwing with its message when it fails. */
    public static CommandResult require(String... argv) {
        return HostCommands.host().require(List.of(argv), null, "test setup");
    }

    /** Runs a command on the host and returns whatever happened. */
    public static CommandResult sh(String... argv) {
        return HostCommands.host().run(List.of(argv));
    }
}
