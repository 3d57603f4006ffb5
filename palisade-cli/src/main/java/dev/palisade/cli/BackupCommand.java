package dev.palisade.cli;

import dev.palisade.system.ProductVersion;
import dev.palisade.system.backup.BackupContents;
import dev.palisade.system.backup.BackupException;
import dev.palisade.system.backup.BackupReader;
import dev.palisade.system.backup.BackupWriter;
import dev.palisade.system.backup.RestoreTransaction;
import java.io.Console;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code palisade backup create|restore}: an encrypted backup of the configuration, certificates and
 * keys of a data directory, and its crash-safe restore. The password comes from the console, or for
 * scripts from a file ({@code --password-file}) or an environment variable ({@code --password-env});
 * it is never printed and its characters are wiped after use.
 */
@Command(name = "backup", mixinStandardHelpOptions = true, description = "Encrypted backup and restore of the configuration.",
        subcommands = {BackupCommand.Create.class, BackupCommand.Restore.class})
final class BackupCommand implements Runnable {
    /** What a backup holds unless --include says otherwise: configuration document, accounts, certificates and keys. */
    static final List<String> DEFAULT_INCLUDES = BackupContents.GATEWAY_FILES;
    private static final int MAX_PASSWORD_FILE = 4096;

    @Override
    public void run() {
        System.out.println("usage: palisade backup create|restore (see --help)");
    }

    /** Where the password comes from. */
    static class PasswordSource {
        @Option(names = "--password-file", paramLabel = "FILE", description = "read the password from the first line of FILE")
        Path file;

        @Option(names = "--password-env", paramLabel = "VAR", description = "read the password from environment variable VAR")
        String env;

        char[] read(boolean confirm) throws IOException {
            if (file != null) {
                return fromFile(file);
            }
            if (env != null) {
                String value = System.getenv(env);
                if (value == null || value.isEmpty()) {
                    throw new IOException("environment variable " + env + " is not set");
                }
                return value.toCharArray(); // the String itself cannot be wiped: prefer --password-file
            }
            Console console = System.console();
            if (console == null) {
                throw new IOException("no console to ask for the password: use --password-file or --password-env");
            }
            char[] first = console.readPassword("Backup password: ");
            if (first == null || first.length == 0) {
                throw new IOException("an empty password is not allowed");
            }
            if (confirm) {
                char[] second = console.readPassword("Repeat the password: ");
                boolean same = second != null && Arrays.equals(first, second);
                if (second != null) {
                    Arrays.fill(second, '\0');
                }
                if (!same) {
                    Arrays.fill(first, '\0');
                    throw new IOException("the passwords differ");
                }
            }
            return first;
        }

        private static char[] fromFile(Path file) throws IOException {
            if (Files.size(file) > MAX_PASSWORD_FILE) {
                throw new IOException("password file " + file + " is larger than " + MAX_PASSWORD_FILE + " bytes");
            }
            byte[] bytes = Files.readAllBytes(file);
            try {
                int end = 0;
                while (end < bytes.length && bytes[end] != '\n' && bytes[end] != '\r') {
                    end++;
                }
                CharBuffer chars = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes, 0, end));
                char[] password = new char[chars.remaining()];
                chars.get(password);
                Arrays.fill(chars.array(), '\0');
                if (password.length == 0) {
                    throw new IOException("password file " + file + " has an empty first line");
                }
                return password;
            } catch (CharacterCodingException e) {
                throw new IOException("password file " + file + " is not UTF-8");
            } finally {
                Arrays.fill(bytes, (byte) 0);
            }
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Write an encrypted backup of the data directory's configuration.")
    static final class Create implements Callable<Integer> {
        @Option(names = "--data", paramLabel = "DIR", description = "data directory (default ${DEFAULT-VALUE})")
        Path data = Path.of("var");

        @Option(names = "--out", paramLabel = "FILE", required = true, description = "backup file to write")
        Path out;

        @Option(names = "--include", paramLabel = "NAME", split = ",",
                description = "files or directories of the data directory to back up (default: config.json,accounts.json,pki)")
        List<String> includes = DEFAULT_INCLUDES;

        @picocli.CommandLine.Mixin
        PasswordSource passwordSource = new PasswordSource();

        @Override
        public Integer call() {
            char[] password = null;
            try {
                BackupContents contents = BackupContents.collect(data, includes);
                if (contents.entries().isEmpty()) {
                    System.err.println("palisade: nothing to back up in " + data + " (looked for " + String.join(", ", includes) + ")");
                    return Main.EXIT_BAD_INPUT;
                }
                password = passwordSource.read(true);
                new BackupWriter(ProductVersion.current()).write(out, contents, password);
                System.out.println("backup: " + out + " (" + contents.entries().size() + " files, Palisade " + ProductVersion.current() + ")");
                return 0;
            } catch (IOException | IllegalArgumentException e) {
                System.err.println("palisade: backup failed: " + e.getMessage());
                return Main.EXIT_BAD_INPUT;
            } finally {
                if (password != null) {
                    Arrays.fill(password, '\0');
                }
            }
        }
    }

    @Command(name = "restore", mixinStandardHelpOptions = true,
            description = "Restore a backup into the data directory (all files or none); restart the service afterwards.")
    static final class Restore implements Callable<Integer> {
        @Option(names = "--data", paramLabel = "DIR", description = "data directory (default ${DEFAULT-VALUE})")
        Path data = Path.of("var");

        @Parameters(paramLabel = "FILE", description = "backup file")
        Path file;

        @picocli.CommandLine.Mixin
        PasswordSource passwordSource = new PasswordSource();

        @Override
        public Integer call() {
            char[] password = null;
            try {
                password = passwordSource.read(false);
                BackupContents contents = new BackupReader(ProductVersion.current()).read(file, password);
                RestoreTransaction.apply(data, contents);
                System.out.println("restored " + contents.entries().size() + " files into " + data
                        + "; restart the service to use them");
                return 0;
            } catch (BackupException e) {
                System.err.println("palisade: backup refused, nothing changed: " + e.getMessage());
                return Main.EXIT_BAD_INPUT;
            } catch (IOException e) {
                System.err.println("palisade: restore failed: " + e.getMessage());
                return Main.EXIT_BAD_INPUT;
            } finally {
                if (password != null) {
                    Arrays.fill(password, '\0');
                }
            }
        }
    }
}
