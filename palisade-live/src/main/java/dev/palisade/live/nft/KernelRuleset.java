package dev.palisade.live.nft;

import dev.palisade.config.model.Ipv4Address;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Palisade's table in the kernel: checks and loads a {@link RenderedRuleset}, flips emergency
 * mode, adds to and removes from the denylist at run time, reads the counters back, and removes
 * everything on stop.
 *
 * <p>Loading is atomic: the nft file replaces {@code table inet palisade} in one transaction
 * (see {@link NftRuleset}), after {@code nft -c} accepted it, so a refused ruleset leaves the
 * previous one in force. The iptables queue rules (when used) are replaced in one
 * {@code iptables-nft-restore --noflush} transaction before the table (and removed after it),
 * so flows needing inspection are never let through uninspected in between. Other tables and chains are
 * never touched; the only foreign object changed is one jump rule in iptables' {@code mangle
 * PREROUTING}, removed again on {@link #remove()}, together with the {@code mangle} table itself
 * when it did not exist before.
 *
 * <p>Connections the procedure admitted take a fast path (see {@link NftRuleset}) until the
 * next change that could refuse them: a load starts with an empty fast path, and the run-time
 * changes that refuse more (emergency on, a denylist addition) empty it in the same transaction.
 *
 * <p>Kernel state is never parsed back into the configuration; only the counters are read.
 * Run-time denylist additions live until the next {@link #load}: the configuration
 * ({@code blockedList}) is the list that survives. Calls are serialised ({@code synchronized}).
 */
public final class KernelRuleset {

    private static final String TABLE = NftRuleset.FAMILY + " " + NftRuleset.TABLE;

    /**
     * The iptables chain the queue chain hangs off: packets as they arrived, before destination
     * NAT, so the engine sees them as on the wire (docs/live.md, "Inspection through NFQUEUE").
     */
    static final String QUEUE_HOOK = "PREROUTING";

    private final HostCommands commands;
    private RenderedRuleset loaded;
    private boolean queueChainInstalled;
    private boolean createdMangleTable;

    public KernelRuleset(HostCommands commands) {
        this.commands = commands;
    }

    /**
     * Whether the kernel has nft's own {@code queue} statement: asks {@code nft -c} to accept a
     * throwaway table using it (nothing is loaded). This kernel lacks it (no CONFIG_NFT_QUEUE),
     * then {@link QueueBackend#IPTABLES} is the way.
     */
    public static QueueBackend detectQueueBackend(HostCommands commands) {
        String probe = """
                table inet palisade_queue_probe {
                    chain probe {
                        type filter hook forward priority 0; policy accept;
                        queue flags bypass to 0
                    }
                }
                """;
        CommandResult r = commands.run(List.of("nft", "-c", "-f", "-"), probe);
        return r.succeeded() ? QueueBackend.NATIVE : QueueBackend.IPTABLES;
    }

    /** Checks both artefacts against the kernel without changing anything; throws with nft's or iptables' message. */
    public synchronized void check(RenderedRuleset ruleset) {
        commands.require(List.of("nft", "-c", "-f", "-"), ruleset.nft(), "checking the nftables ruleset (nft -c)");
        if (!ruleset.iptablesQueueRules().isEmpty()) {
            commands.require(List.of("iptables-nft-restore", "--test", "--noflush"), ruleset.iptablesQueueRules(),
                    "checking the NFQUEUE rules (iptables-nft-restore --test)");
        }
    }

    /**
     * Checks, then replaces Palisade's table (and queue rules) atomically. New queue rules go in
     * before the table and old ones come out after it, so that a change never lets a flow that
     * needs inspection through uninspected: if the queue rules are refused, nothing has changed.
     */
    public synchronized void load(RenderedRuleset ruleset) {
        check(ruleset);
        if (!ruleset.iptablesQueueRules().isEmpty()) {
            installQueueChain(ruleset.iptablesQueueRules());
        }
        commands.require(List.of("nft", "-f", "-"), ruleset.nft(), "loading the nftables ruleset");
        loaded = ruleset;
        if (ruleset.iptablesQueueRules().isEmpty()) {
            removeQueueChain();
        }
    }

    /** Removes Palisade's table and queue rules; the host is left as it was. Safe to call when nothing is loaded. */
    public synchronized void remove() {
        commands.require(List.of("nft", "-f", "-"), "table " + TABLE + " {}\ndelete table " + TABLE + "\n",
                "removing table " + TABLE);
        removeQueueChain();
        loaded = null;
    }

    /** The ruleset last loaded, or null. */
    public synchronized RenderedRuleset loaded() {
        return loaded;
    }

    /**
     * Emergency support mode on or off at once, without a reload: the LAN and WAN interface
     * names go into (or out of) the {@code emergency} set. Turning it on also empties the fast
     * path in the same transaction, so open connections meet emergency-deny from their next packet.
     */
    public synchronized void setEmergency(boolean on) {
        RenderedRuleset r = requireLoaded();
        if (on) {
            transaction("add element " + TABLE + " emergency { " + NftRuleset.quote(r.lanInterface()) + ", "
                    + NftRuleset.quote(r.wanInterface()) + " }", "turning emergency mode on");
        } else {
            commands.require(List.of("nft", "flush", "set", NftRuleset.FAMILY, NftRuleset.TABLE, "emergency"), null,
                    "turning emergency mode off");
        }
    }

    /**
     * Adds a source to the denylist set at once: its next packet is dropped, also on connections
     * already open (the fast path is emptied in the same transaction). {@code timeout} null means
     * until the next load.
     */
    public synchronized void addToDenylist(Ipv4Address address, Duration timeout) {
        requireLoaded();
        String element = address + (timeout == null ? "" : " timeout " + Math.max(1, timeout.toSeconds()) + "s");
        transaction("add element " + TABLE + " denylist { " + element + " }", "adding " + address + " to the denylist");
    }

    /** Removes a source from the denylist set; no error when it is not there. */
    public synchronized void removeFromDenylist(Ipv4Address address) {
        requireLoaded();
        commands.run(List.of("nft", "delete", "element", NftRuleset.FAMILY, NftRuleset.TABLE, "denylist", "{ " + address + " }"));
    }

    /** The kernel's counters of every rule of the table. */
    public synchronized RuleCounters counters() {
        CommandResult r = commands.require(List.of("nft", "-j", "list", "table", NftRuleset.FAMILY, NftRuleset.TABLE), null,
                "reading the counters of table " + TABLE);
        return RuleCounters.parse(r.stdout());
    }

    /**
     * Applies a change that can refuse packets of open connections together with emptying the
     * fast path ({@link NftRuleset#FAST_PATH_SET}), in one nft transaction: no packet meets the
     * new state while a direction admitted under the old one still skips the procedure.
     */
    private void transaction(String change, String what) {
        commands.require(List.of("nft", "-f", "-"), change + "\nflush set " + TABLE + " " + NftRuleset.FAST_PATH_SET + "\n", what);
    }

    private RenderedRuleset requireLoaded() {
        if (loaded == null) {
            throw new IllegalStateException("no Palisade ruleset is loaded");
        }
        return loaded;
    }

    private void installQueueChain(String rules) {
        if (!queueChainInstalled) {
            createdMangleTable = !commands.run(List.of("nft", "list", "table", "ip", "mangle")).succeeded();
        }
        commands.require(List.of("iptables-nft-restore", "--noflush"), rules, "loading the NFQUEUE rules");
        List<String> jump = List.of("-t", "mangle", QUEUE_HOOK, "-j", QueueOptions.IPTABLES_CHAIN);
        if (!commands.run(iptables("-C", jump)).succeeded()) {
            // First in PREROUTING: inspection comes before any other mangle rule can change the packet.
            commands.require(iptables("-I", List.of("-t", "mangle", QUEUE_HOOK, "1", "-j", QueueOptions.IPTABLES_CHAIN)), null,
                    "hooking the NFQUEUE chain into mangle " + QUEUE_HOOK);
        }
        queueChainInstalled = true;
    }

    private void removeQueueChain() {
        boolean chainExists = queueChainInstalled || queueChainPresent();
        if (!chainExists) {
            return;
        }
        // FORWARD too: where releases before the queue moved to PREROUTING hooked it (a crashed run's leftover).
        for (String hook : List.of(QUEUE_HOOK, "FORWARD")) {
            List<String> jump = List.of("-t", "mangle", hook, "-j", QueueOptions.IPTABLES_CHAIN);
            while (commands.run(iptables("-C", jump)).succeeded()) {
                commands.require(iptables("-D", jump), null, "unhooking the NFQUEUE chain");
            }
        }
        if (chainExists) {
            commands.require(iptables("-F", List.of("-t", "mangle", QueueOptions.IPTABLES_CHAIN)), null, "flushing the NFQUEUE chain");
            commands.require(iptables("-X", List.of("-t", "mangle", QueueOptions.IPTABLES_CHAIN)), null, "deleting the NFQUEUE chain");
        }
        if (createdMangleTable && mangleTableEmpty()) {
            commands.require(List.of("nft", "delete", "table", "ip", "mangle"), null, "deleting the mangle table Palisade created");
        }
        queueChainInstalled = false;
        createdMangleTable = false;
    }

    /** A queue chain left by an earlier run; false when iptables-nft is not even installed. */
    private boolean queueChainPresent() {
        try {
            return commands.run(iptables("-S", List.of("-t", "mangle", QueueOptions.IPTABLES_CHAIN))).succeeded();
        } catch (KernelCommandException e) {
            return false;
        }
    }

    /** True when iptables' mangle table holds no rule and no chain of its own (only the built-in policies). */
    private boolean mangleTableEmpty() {
        CommandResult r = commands.run(List.of("iptables-nft", "-t", "mangle", "-S"));
        return r.succeeded() && r.stdout().lines().allMatch(l -> l.isBlank() || l.startsWith("-P "));
    }

    /** {@code iptables-nft OP -t mangle CHAIN args...}: the operation must precede the chain name. */
    private static List<String> iptables(String op, List<String> tableChainArgs) {
        List<String> argv = new ArrayList<>();
        argv.add("iptables-nft");
        argv.add(tableChainArgs.get(0));
        argv.add(tableChainArgs.get(1));
        argv.add(op);
        argv.addAll(tableChainArgs.subList(2, tableChainArgs.size()));
        return argv;
    }
}
