package io.jetway.gateway.upstream;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Reads whether one of this process's TCP sockets is in non-blocking mode, from Linux's
 * {@code /proc}: the socket's inode from {@code /proc/net/tcp(6)} by its local port, its file
 * descriptor from {@code /proc/self/fd}, its flags from {@code /proc/self/fdinfo}.
 */
final class SocketFlags {

    private static final int O_NONBLOCK = 04000;

    private SocketFlags() {}

    static boolean available() {
        return Files.isReadable(Path.of("/proc/self/fdinfo")) && Files.isReadable(Path.of("/proc/net/tcp"));
    }

    /** Whether the socket bound to {@code localPort} (on this machine's loopback) is non-blocking. */
    static boolean nonBlocking(int localPort) throws IOException {
        String inode = inode(localPort);
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : fds.toList()) {
                String target;
                try {
                    target = Files.readSymbolicLink(fd).toString();
                } catch (IOException closedMeanwhile) {
                    continue;
                }
                if (target.equals("socket:[" + inode + "]")) {
                    for (String line : Files.readAllLines(
                            Path.of("/proc/self/fdinfo", fd.getFileName().toString()))) {
                        if (line.startsWith("flags:")) {
                            return (Integer.parseInt(line.substring(6).strip(), 8) & O_NONBLOCK) != 0;
                        }
                    }
                }
            }
        }
        throw new IllegalStateException("no file descriptor of this process has socket inode " + inode);
    }

    private static String inode(int localPort) throws IOException {
        String port = ":" + String.format(Locale.ROOT, "%04X", localPort);
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            for (String line : Files.readAllLines(Path.of(table))) {
                String[] f = line.strip().split("\\s+");
                if (f.length > 9 && f[1].endsWith(port) && !f[9].equals("0")) {
                    return f[9];
                }
            }
        }
        throw new IllegalStateException("no TCP socket of this machine has local port " + localPort);
    }
}
