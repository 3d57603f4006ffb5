package dev.palisade.system.backup;

import java.util.Arrays;

/**
 * One file of a backup: its path relative to the data directory ('/'-separated, no '..') and its
 * bytes. Equality compares the bytes.
 */
public record BackupEntry(String name, byte[] data) {
    public BackupEntry {
        String problem = BackupFormat.nameProblem(name);
        if (problem != null) {
            throw new IllegalArgumentException(problem + ": " + name);
        }
        data = data.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    int size() {
        return data.length;
    }

    byte[] dataUnsafe() {
        return data;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BackupEntry other && name.equals(other.name) && Arrays.equals(data, other.data);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "BackupEntry[" + name + ", " + data.length + " bytes]";
    }
}
