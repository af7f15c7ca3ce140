package dev.pitapat.gitops;

import dev.pitapat.model.DeploymentId;
import java.util.Arrays;

/**
 * A set of deployment ids held as their 48-bit numbers in one open-addressing table: about 16 bytes per id
 * (a boxed set takes about 50), so every id of a long history fits in memory. Not thread-safe.
 */
final class DeploymentIds {

    private static final long EMPTY = -1L; // no id is negative: ids have 48 bits

    private long[] table = newTable(64);
    private int size;

    /** Adds {@code id}; true if it was not in the set. */
    boolean add(DeploymentId id) {
        if ((size + 1) * 2L > table.length) {
            grow();
        }
        boolean added = insert(table, numberOf(id));
        if (added) {
            size++;
        }
        return added;
    }

    boolean contains(DeploymentId id) {
        long number = numberOf(id);
        int mask = table.length - 1;
        for (int i = slot(number, mask); ; i = (i + 1) & mask) {
            if (table[i] == number) {
                return true;
            }
            if (table[i] == EMPTY) {
                return false;
            }
        }
    }

    int size() {
        return size;
    }

    void clear() {
        table = newTable(64);
        size = 0;
    }

    private static boolean insert(long[] into, long number) {
        int mask = into.length - 1;
        for (int i = slot(number, mask); ; i = (i + 1) & mask) {
            if (into[i] == number) {
                return false;
            }
            if (into[i] == EMPTY) {
                into[i] = number;
                return true;
            }
        }
    }

    private void grow() {
        long[] old = table;
        table = newTable(old.length * 2);
        for (long number : old) {
            if (number != EMPTY) {
                insert(table, number);
            }
        }
    }

    /** The id's hexadecimal digits as a number. */
    private static long numberOf(DeploymentId id) {
        return Long.parseLong(id.value().substring(DeploymentId.PREFIX.length()), 16);
    }

    private static int slot(long number, int mask) {
        long h = number * 0x9E3779B97F4A7C15L; // ids are random already; this only spreads sequential ones
        return (int) (h >>> 32) & mask;
    }

    private static long[] newTable(int length) {
        long[] t = new long[length];
        Arrays.fill(t, EMPTY);
        return t;
    }
}
