package dev.palisade.system.mode;

import java.util.ArrayList;
import java.util.List;

/**
 * What mode the gateway is in, as every page and the API show it: emergency support mode with
 * its reasons (empty when not in emergency), and the developer and non-immune flags. The modes
 * are independent: a gateway in developer mode can also be in emergency support mode. Immutable.
 */
public record OperatingMode(List<EmergencyReason> emergency, boolean developer, boolean nonImmune) {

    public static final OperatingMode NORMAL = new OperatingMode(List.of(), false, false);

    public static final String EMERGENCY_SUPPORT = "Emergency support mode";
    public static final String DEVELOPER = "Developer mode";
    public static final String NON_IMMUNE = "Non-immune mode";
    public static final String NORMAL_NAME = "Normal mode";

    public OperatingMode {
        emergency = List.copyOf(emergency);
    }

    public boolean inEmergency() {
        return !emergency.isEmpty();
    }

    /** The names of the active special modes, most severe first; empty in normal operation. */
    public List<String> names() {
        List<String> names = new ArrayList<>(3);
        if (inEmergency()) {
            names.add(EMERGENCY_SUPPORT);
        }
        if (nonImmune) {
            names.add(NON_IMMUNE);
        }
        if (developer) {
            names.add(DEVELOPER);
        }
        return List.copyOf(names);
    }

    /** The mode name for the top corner of every page: the active modes joined, or "Normal mode". */
    public String displayName() {
        List<String> names = names();
        return names.isEmpty() ? NORMAL_NAME : String.join(", ", names);
    }

    /** The description shown when the mode name is clicked. */
    public String description() {
        StringBuilder sb = new StringBuilder();
        if (inEmergency()) {
            sb.append("Emergency support mode: transit traffic is blocked, applications are stopped. Causes: ");
            for (int i = 0; i < emergency.size(); i++) {
                sb.append(i == 0 ? "" : "; ").append(emergency.get(i).text()).append(" (since ").append(emergency.get(i).since()).append(')');
            }
            sb.append(". Left by a restart (re-entered if the cause remains) or a restore from a backup.\n");
        }
        if (nonImmune) {
            sb.append("Non-immune mode: the device's immunity is not guaranteed. Left only by a complete reinstallation.\n");
        }
        if (developer) {
            sb.append("Developer mode: applications installed by the debug service are not signature-checked. Left only by a complete reinstallation.\n");
        }
        return sb.isEmpty() ? "The gateway operates normally." : sb.toString().strip();
    }

    OperatingMode withEmergency(List<EmergencyReason> reasons) {
        return new OperatingMode(reasons, developer, nonImmune);
    }

    OperatingMode withFlags(boolean developer, boolean nonImmune) {
        return new OperatingMode(emergency, developer, nonImmune);
    }
}
