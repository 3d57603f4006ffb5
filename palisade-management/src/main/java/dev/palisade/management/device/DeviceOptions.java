package dev.palisade.management.device;

import dev.palisade.audit.store.AuditStore;
import dev.palisade.system.ProductVersion;
import dev.palisade.system.backup.KdfParameters;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * What the device area needs from the runner: the data directory (backups, restores, the log
 * directory {@code <data>/log}), the audit store (the audit logs of the system log archive), the
 * {@link ServiceControl} that restarts the service, the product version backups carry, the Argon2id
 * parameters of new backups (tests use the cheapest a restore accepts), the kernel ruleset listing
 * (live mode) and the root of {@code /proc} and {@code /sys}.
 */
public record DeviceOptions(Path dataDirectory, AuditStore auditStore, ServiceControl control, String productVersion,
        KdfParameters backupKdf, Supplier<String> kernelRuleset, Path systemRoot) {

    /** Production settings: this build's version, the default Argon2id parameters, the host's /proc, no kernel ruleset. */
    public static DeviceOptions of(Path dataDirectory, AuditStore auditStore, ServiceControl control) {
        return new DeviceOptions(dataDirectory, auditStore, control, ProductVersion.current(), KdfParameters.DEFAULT, () -> "", Path.of("/"));
    }

    public DeviceOptions withKernelRuleset(Supplier<String> listing) {
        return new DeviceOptions(dataDirectory, auditStore, control, productVersion, backupKdf, listing, systemRoot);
    }

    public DeviceOptions withBackupKdf(KdfParameters kdf) {
        return new DeviceOptions(dataDirectory, auditStore, control, productVersion, kdf, kernelRuleset, systemRoot);
    }

    /** The service's log directory, whose files go into the system log archive. */
    public Path logDirectory() {
        return dataDirectory.resolve("log");
    }
}
