package dev.palisade.conntrack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The connection table checked against a plain {@link HashMap} model. Small capacities make the
 * index crowded (long probe runs, runs that wrap past the last slot) so that backward-shift
 * deletion is exercised on every kind of run; the invariant check after each operation looks up
 * every live tuple, so an entry orphaned by a wrong shift is caught at the step that lost it.
 */
class ConnectionTableTest {

    private static final long NEVER = Long.MIN_VALUE;

    /** A 5-tuple of the model. */
    record Tuple(int proto, int src, int dst, int sport, int dport) {
    }

    /** A live connection of the model. */
    static final class Conn {
        final int id;
        final Tuple original;
        final Tuple reply;
        long expires;

        Conn(int id, Tuple original, Tuple reply, long expires) {
            this.id = id;
            this.original = original;
            this.reply = reply;
            this.expires = expires;
        }
    }

    /** The table and its model, operated together. */
    static final class Harness {
        final ConnectionTable table;
        final Map<Tuple, Conn> byTuple = new HashMap<>();
        final Map<Integer, Conn> byId = new HashMap<>();
        final Set<Tuple> gone = new HashSet<>();

        Harness(int capacity, int seed) {
            table = new ConnectionTable(capacity, seed);
        }

        boolean free(Tuple t) {
            return !byTuple.containsKey(t);
        }

        Conn create(Tuple o, Tuple r, long expires) {
            int id = table.create(o.proto(), o.src(), o.dst(), o.sport(), o.dport(), r.src(), r.dst(), r.sport(), r.dport(),
                    expires, 0, 0);
            assertThat(id).as("create %s / %s", o, r).isBetween(0, table.capacity() - 1);
            assertThat(byId).as("id %d handed out twice", id).doesNotContainKey(id);
            Conn c = new Conn(id, o, r, expires);
            byTuple.put(o, c);
            byTuple.put(r, c);
            byId.put(id, c);
            gone.remove(o);
            gone.remove(r);
            return c;
        }

        void forget(Conn c) {
            byTuple.remove(c.original);
            byTuple.remove(c.reply);
            byId.remove(c.id);
            gone.add(c.original);
            gone.add(c.reply);
        }

        int lookup(Tuple t, long now) {
            return table.lookup(t.proto(), t.src(), t.dst(), t.sport(), t.dport(), now);
        }

        /** Every live tuple is found with its direction, every removed one is not, sizes agree. */
        void check() {
            assertThat(table.size()).isEqualTo(byId.size());
            for (Conn c : byId.values()) {
                assertThat(lookup(c.original, NEVER)).as("original %s", c.original).isEqualTo(c.id << 1);
                int replyHandle = c.original.equals(c.reply) ? c.id << 1 : c.id << 1 | 1;
                assertThat(lookup(c.reply, NEVER)).as("reply %s", c.reply).isEqualTo(replyHandle);
                assertThat(table.inUse(c.id)).isTrue();
                assertThat(table.expires(c.id)).isEqualTo(c.expires);
                assertThat(table.source(c.id, Direction.REPLY)).isEqualTo(c.reply.src());
                assertThat(table.destinationPort(c.id, Direction.ORIGINAL)).isEqualTo(c.original.dport());
            }
            for (Tuple t : gone) {
                assertThat(lookup(t, NEVER)).as("removed %s", t).isEqualTo(-1);
            }
        }
    }

    /** A tuple from a small space, so that tuples collide in the model and in the index. */
    private static Tuple randomTuple(SplittableRandom r) {
        int[] protocols = {1, 6, 17, 200};
        // Ports and addresses above 2^15 / 2^31 check that nothing is sign-extended on the way.
        return new Tuple(protocols[r.nextInt(protocols.length)],
                0xc0a80100 + r.nextInt(4), 0xcb007100 + r.nextInt(3) * 0x01000000,
                r.nextBoolean() ? 40000 + r.nextInt(4) : r.nextInt(4), 80 + r.nextInt(2) * 65000);
    }

    private static Tuple reverse(Tuple t) {
        return new Tuple(t.proto(), t.dst(), t.src(), t.dport(), t.sport());
    }

    static Stream<Arguments> capacitiesAndSeeds() {
        List<Arguments> out = new ArrayList<>();
        for (int capacity : new int[] {1, 2, 3, 8, 13, 64}) {
            for (int seed : new int[] {0, 1, -1, 0x5eed, 0x7fffffff}) {
                out.add(Arguments.of(capacity, seed));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "capacity {0}, hash seed {1}")
    @MethodSource("capacitiesAndSeeds")
    void randomOperationsAgreeWithTheModel(int capacity, int seed) {
        Harness h = new Harness(capacity, seed);
        SplittableRandom r = new SplittableRandom(seed * 31L + capacity);
        long now = 1_000;
        for (int step = 0; step < 4_000; step++) {
            int op = r.nextInt(100);
            if (op < 40) {
                // create, unless the table is full (eviction has its own tests)
                if (h.byId.size() == capacity) {
                    continue;
                }
                Tuple o = randomTuple(r);
                Tuple rep = switch (r.nextInt(3)) {
                    case 0 -> reverse(o);
                    case 1 -> o; // identical tuples: one index slot
                    default -> new Tuple(o.proto(), o.dst(), 0xc6336402, o.dport(), 1024 + r.nextInt(3)); // masqueraded
                };
                if (!h.free(o) || !h.free(rep)) {
                    continue; // the caller's contract: neither tuple in use
                }
                h.create(o, rep, now + 1 + r.nextInt(200));
            } else if (op < 65) {
                // lookup at the current time: may find an expired connection and drop it
                Tuple t = r.nextInt(4) == 0 ? randomTuple(r) : anyLiveTuple(h, r);
                if (t == null) {
                    continue;
                }
                Conn c = h.byTuple.get(t);
                int handle = h.lookup(t, now);
                if (c == null) {
                    assertThat(handle).isEqualTo(-1);
                } else if (c.expires <= now) {
                    assertThat(handle).as("expired connection must be reported absent").isEqualTo(-1);
                    h.forget(c);
                } else {
                    assertThat(handle >>> 1).isEqualTo(c.id);
                    assertThat(handle & 1).isEqualTo(t.equals(c.original) ? Direction.ORIGINAL : Direction.REPLY);
                }
            } else if (op < 85) {
                Conn c = anyLive(h, r);
                if (c == null) {
                    continue;
                }
                h.table.remove(c.id);
                h.forget(c);
                // removing twice is harmless
                h.table.remove(c.id);
            } else if (op < 95) {
                now += r.nextInt(60);
            } else {
                int budget = r.nextInt(1, capacity + 2);
                int removed = h.table.expire(now, budget);
                int counted = 0;
                for (Conn c : new ArrayList<>(h.byId.values())) {
                    if (!h.table.inUse(c.id)) {
                        assertThat(c.expires).as("only expired connections are swept").isLessThanOrEqualTo(now);
                        h.forget(c);
                        counted++;
                    }
                }
                assertThat(removed).isEqualTo(counted);
                if (budget >= capacity) {
                    long swept = now;
                    assertThat(h.byId.values()).allMatch(c -> c.expires > swept, "a full sweep leaves nothing expired");
                }
            }
            h.check();
        }
    }

    private static Conn anyLive(Harness h, SplittableRandom r) {
        if (h.byId.isEmpty()) {
            return null;
        }
        List<Conn> live = new ArrayList<>(h.byId.values());
        live.sort((a, b) -> Integer.compare(a.id, b.id)); // HashMap order must not leak into the seeded run
        return live.get(r.nextInt(live.size()));
    }

    private static Tuple anyLiveTuple(Harness h, SplittableRandom r) {
        Conn c = anyLive(h, r);
        return c == null ? null : (r.nextBoolean() ? c.original : c.reply);
    }

    /**
     * Tuples whose probe runs all start at the last slot or the first, so the run wraps around
     * the end of the index; deleting members in every order must leave the rest reachable.
     */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(ints = {3, 17, 99, 2024})
    void backwardShiftKeepsWrappingRunsReachable(int seed) {
        int capacity = 6;
        SplittableRandom r = new SplittableRandom(seed);
        for (int round = 0; round < 50; round++) {
            Harness h = new Harness(capacity, seed);
            int last = h.table.slotCount() - 1;
            Set<Tuple> used = new HashSet<>();
            while (h.byId.size() < capacity) {
                Tuple o = randomWideTuple(r);
                int home = h.table.homeSlot(o.proto(), o.src(), o.dst(), o.sport(), o.dport());
                // Half at the last slot, half at slot 0 or 1: the run wraps and mixes homes.
                boolean wanted = h.byId.size() % 2 == 0 ? home == last : home <= 1;
                if (!wanted || !used.add(o)) {
                    continue;
                }
                // Identical reply tuple: one slot per connection, all of them in the crowded run.
                h.create(o, o, Long.MAX_VALUE);
            }
            h.check();
            List<Conn> order = new ArrayList<>(h.byId.values());
            order.sort((a, b) -> Integer.compare(a.id, b.id));
            for (int i = order.size() - 1; i > 0; i--) {
                int j = r.nextInt(i + 1);
                Conn t = order.get(i);
                order.set(i, order.get(j));
                order.set(j, t);
            }
            for (Conn c : order) {
                h.table.remove(c.id);
                h.forget(c);
                h.check();
            }
        }
    }

    private static Tuple randomWideTuple(SplittableRandom r) {
        return new Tuple(6, r.nextInt(), r.nextInt(), r.nextInt(65536), r.nextInt(65536));
    }

    @Test
    void bothTuplesFindTheConnectionWithTheirDirection() {
        ConnectionTable t = new ConnectionTable(16, 1);
        // LAN 192.168.1.10:50000 -> 203.0.113.5:443, masqueraded to 198.51.100.2:61000.
        int id = t.create(6, 0xc0a8010a, 0xcb007105, 50000, 443, 0xcb007105, 0xc6336402, 443, 61000, 100, ConnectionTable.FLAG_SNAT, 0);
        assertThat(t.lookup(6, 0xc0a8010a, 0xcb007105, 50000, 443, 0)).isEqualTo(id << 1 | Direction.ORIGINAL);
        assertThat(t.lookup(6, 0xcb007105, 0xc6336402, 443, 61000, 0)).isEqualTo(id << 1 | Direction.REPLY);
        // Same addresses and ports, other protocol: a different flow.
        assertThat(t.lookup(17, 0xc0a8010a, 0xcb007105, 50000, 443, 0)).isEqualTo(-1);
        assertThat(t.sourcePort(id, Direction.ORIGINAL)).isEqualTo(50000);
        assertThat(t.destinationPort(id, Direction.REPLY)).isEqualTo(61000);
        assertThat(t.hasFlag(id, ConnectionTable.FLAG_SNAT)).isTrue();
        assertThat(t.isFree(6, 0xcb007105, 0xc6336402, 443, 61000, 0)).isFalse();
    }

    @Test
    void identicalTuplesUseOneSlotAndLeaveNothingBehind() {
        // An ICMP echo to the gateway from itself, or any flow whose reply tuple equals the original.
        ConnectionTable t = new ConnectionTable(4, 7);
        int id = t.create(1, 0x0a000001, 0x0a000001, 9, 9, 0x0a000001, 0x0a000001, 9, 9, 100, 0, 0);
        assertThat(t.lookup(1, 0x0a000001, 0x0a000001, 9, 9, 0)).isEqualTo(id << 1);
        assertThat(t.size()).isEqualTo(1);
        t.remove(id);
        assertThat(t.size()).isZero();
        assertThat(t.lookup(1, 0x0a000001, 0x0a000001, 9, 9, 0)).isEqualTo(-1);
        // The freed id is usable again for the same tuple.
        int again = t.create(1, 0x0a000001, 0x0a000001, 9, 9, 0x0a000001, 0x0a000001, 9, 9, 100, 0, 0);
        assertThat(t.lookup(1, 0x0a000001, 0x0a000001, 9, 9, 0)).isEqualTo(again << 1);
    }

    @Test
    void lookupDropsAConnectionFoundExpired() {
        ConnectionTable t = new ConnectionTable(4, 7);
        int id = t.create(17, 1, 2, 1000, 53, 2, 1, 53, 1000, 5_000, 0, 0);
        assertThat(t.lookup(17, 1, 2, 1000, 53, 4_999)).isEqualTo(id << 1);
        // Expiry is inclusive: at the expiry instant the connection is gone.
        assertThat(t.lookup(17, 2, 1, 53, 1000, 5_000)).isEqualTo(-1);
        assertThat(t.size()).isZero();
        assertThat(t.expirations()).isEqualTo(1);
        assertThat(t.inUse(id)).isFalse();
        // Its other tuple went with it, whatever time is asked.
        assertThat(t.lookup(17, 1, 2, 1000, 53, 0)).isEqualTo(-1);
    }

    @Test
    void expireSweepsWithPacketTimeWithinItsBudget() {
        ConnectionTable t = new ConnectionTable(8, 7);
        for (int i = 0; i < 8; i++) {
            t.create(17, i, 100, 1000, 53, 100, i, 53, 1000, 1_000L * (i + 1), 0, 0);
        }
        // At t = 4000, ids 0..3 are due; a budget of 2 looks at two ids only.
        assertThat(t.expire(4_000, 2)).isEqualTo(2);
        assertThat(t.size()).isEqualTo(6);
        assertThat(t.expire(4_000, 8)).isEqualTo(2);
        assertThat(t.size()).isEqualTo(4);
        assertThat(t.expirations()).isEqualTo(4);
        // Nothing more is due, however often the sweep runs.
        assertThat(t.expire(4_000, 100)).isZero();
        assertThat(t.expire(Long.MAX_VALUE, 8)).isEqualTo(4);
        assertThat(t.size()).isZero();
    }

    @Test
    void fullTableEvictsUnansweredFlowsBeforeAnsweredOnes() {
        int capacity = 8; // within the eviction sample, so the choice is exact
        ConnectionTable t = new ConnectionTable(capacity, 3);
        int[] ids = new int[capacity];
        for (int i = 0; i < capacity; i++) {
            // Answered flows expire soonest, so expiry alone would pick them.
            ids[i] = t.create(6, i, 100, 1000, 80, 100, i, 80, 1000, i < 4 ? 10_000 + i : 50_000 + i, 0, 0);
            if (i < 4) {
                t.addFlags(ids[i], ConnectionTable.FLAG_SEEN_REPLY);
            }
        }
        int newcomer = t.create(6, 99, 100, 1000, 80, 100, 99, 80, 1000, 60_000, 0, 0);
        assertThat(t.evictions()).isEqualTo(1);
        assertThat(t.size()).isEqualTo(capacity);
        // The unanswered flow closest to expiry went (id 4), and its id was reused.
        assertThat(newcomer).isEqualTo(ids[4]);
        assertThat(t.lookup(6, 4, 100, 1000, 80, 0)).isEqualTo(-1);
        for (int i = 0; i < 4; i++) {
            assertThat(t.lookup(6, i, 100, 1000, 80, 0)).as("answered flow %d", i).isEqualTo(ids[i] << 1);
        }
        // Once only answered flows remain, the one closest to expiry goes.
        for (int i = 5; i < capacity; i++) {
            t.addFlags(ids[i], ConnectionTable.FLAG_SEEN_REPLY);
        }
        t.addFlags(newcomer, ConnectionTable.FLAG_SEEN_REPLY);
        t.create(6, 98, 100, 1000, 80, 100, 98, 80, 1000, 60_000, 0, 0);
        assertThat(t.lookup(6, 0, 100, 1000, 80, 0)).isEqualTo(-1);
        assertThat(t.lookup(6, 1, 100, 1000, 80, 0)).isEqualTo(ids[1] << 1);
        assertThat(t.evictions()).isEqualTo(2);
        assertThat(t.insertFailures()).isZero();
    }

    @Test
    void fullTableReclaimsAnExpiredFlowBeforeEvictingALiveOne() {
        int capacity = 8;
        ConnectionTable t = new ConnectionTable(capacity, 3);
        for (int i = 0; i < capacity; i++) {
            // 0..3: answered but expired at t = 500 and not yet swept; 4..7: unanswered and live.
            int id = t.create(6, i, 100, 1000, 80, 100, i, 80, 1000, i < 4 ? 500 : 50_000, 0, 0);
            if (i < 4) {
                t.addFlags(id, ConnectionTable.FLAG_SEEN_REPLY);
            }
        }
        // The engine sweeps with packet time on every packet; this one had no budget left.
        t.expire(1_000, 0);
        t.create(6, 99, 100, 1000, 80, 100, 99, 80, 1000, 60_000, 0, 0);
        for (int i = 4; i < capacity; i++) {
            assertThat(t.lookup(6, i, 100, 1000, 80, 1_000)).as("live flow %d", i).isNotNegative();
        }
        assertThat(t.evictions()).as("a dead entry is reclaimed, not evicted").isZero();
        assertThat(t.expirations()).isGreaterThanOrEqualTo(1);
    }

    /** The hash seed decides where entries sit in the index, never what a caller observes. */
    @Test
    void observableBehaviourDoesNotDependOnTheHashSeed() {
        List<Long> reference = null;
        for (int seed : new int[] {0, 1, 42, -7, Integer.MIN_VALUE}) {
            ConnectionTable t = new ConnectionTable(32, seed);
            SplittableRandom r = new SplittableRandom(5);
            List<Long> observed = new ArrayList<>();
            for (int step = 0; step < 3_000; step++) {
                Tuple o = randomTuple(r);
                long now = step;
                switch (r.nextInt(4)) {
                    case 0 -> {
                        if (t.isFree(o.proto(), o.src(), o.dst(), o.sport(), o.dport(), now)
                                && t.isFree(o.proto(), o.dst(), o.src(), o.dport(), o.sport(), now)) {
                            observed.add((long) t.create(o.proto(), o.src(), o.dst(), o.sport(), o.dport(),
                                    o.dst(), o.src(), o.dport(), o.sport(), now + r.nextInt(100), 0, 0));
                        }
                    }
                    case 1 -> observed.add((long) t.lookup(o.proto(), o.src(), o.dst(), o.sport(), o.dport(), now));
                    case 2 -> observed.add((long) t.expire(now, 3));
                    default -> {
                        int id = r.nextInt(32);
                        t.remove(id);
                    }
                }
                observed.add((long) t.size());
            }
            observed.add(t.evictions());
            if (reference == null) {
                reference = observed;
            } else {
                assertThat(observed).as("seed %d", seed).isEqualTo(reference);
            }
        }
    }

    @Test
    void aMillionConnectionsFitIn256MiB() {
        ConnectionTable t = new ConnectionTable(1_000_000, 1);
        // The goal of the engine issue: 1,000,000 tracked flows in at most 256 MB. The arrays
        // dominate; object headers add a few hundred bytes.
        assertThat(t.footprintBytes()).isLessThanOrEqualTo(256L << 20);
        // Filled, the index has grown to at least four slots per connection: load factor at most
        // one half with two tuples each, and the footprint bound still holds.
        for (int i = 0; i < 1_000_000; i++) {
            assertThat(t.create(17, i, 7, 1000, 53, 7, i + 1, 53, 1000, Long.MAX_VALUE, 0, 0)).isEqualTo(i);
        }
        assertThat(t.size()).isEqualTo(1_000_000);
        assertThat(t.slotCount()).isGreaterThanOrEqualTo(4 * 1_000_000);
        assertThat(t.lookup(17, 999_999, 7, 1000, 53, 0)).isEqualTo(999_999 << 1);
        assertThat(t.footprintBytes()).isLessThanOrEqualTo(256L << 20);
    }

    @Test
    void clearEmptiesTheTable() {
        ConnectionTable t = new ConnectionTable(8, 9);
        for (int i = 0; i < 8; i++) {
            t.create(6, i, 1, 2, 3, 1, i, 3, 2, 100, 0, 0);
        }
        t.clear();
        assertThat(t.size()).isZero();
        for (int i = 0; i < 8; i++) {
            assertThat(t.lookup(6, i, 1, 2, 3, 0)).isEqualTo(-1);
        }
        assertThat(t.create(6, 7, 1, 2, 3, 1, 7, 3, 2, 100, 0, 0)).isNotNegative();
    }
}
