package dev.palisade.live.nft;

import java.util.List;

/**
 * What a finished host command left: its argument vector, exit status and both outputs.
 *
 * @param command the program and its arguments as run (with any namespace prefix)
 * @param exitStatus the process exit status
 * @param stdout standard output as text
 * @param stderr standard error as text
 */
public record CommandResult(List<String> command, int exitStatus, String stdout, String stderr) {

    public CommandResult {
        command = List.copyOf(command);
    }

    public boolean succeeded() {
        return exitStatus == 0;
    }

    /** The error output trimmed, or the standard output when the program said nothing on stderr. */
    public String message() {
        String text = stderr.isBlank() ? stdout : stderr;
        return text.strip();
    }
}
