package dev.pitapat.setup;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** Whether an address or a host name is this machine's loopback; names are never looked up. */
final class Loopback {

    private static final String IP_LITERAL = "[0-9.]+|[0-9a-f:.]*:[0-9a-f:.]*";

    private Loopback() {}

    /** A client's address, as the servlet container gives it (an IP literal): on loopback. */
    static boolean address(@Nullable String address) {
        return address != null && literalIsLoopback(address.toLowerCase(Locale.ROOT));
    }

    /**
     * A host name the client used (the request's {@code Host}): {@code localhost}, a name under {@code .localhost}, or
     * a loopback IP literal (IPv6 with or without brackets). Any other name is not, even one that resolves to
     * {@code 127.0.0.1}: a page elsewhere can make its own name resolve there (DNS rebinding).
     */
    static boolean host(@Nullable String host) {
        if (host == null) {
            return false;
        }
        String name = host.toLowerCase(Locale.ROOT).replaceAll("^\\[|]$", "");
        return name.equals("localhost") || name.endsWith(".localhost") || literalIsLoopback(name);
    }

    private static boolean literalIsLoopback(String literal) {
        if (!literal.matches(IP_LITERAL)) {
            return false;
        }
        try {
            return InetAddress.getByName(literal).isLoopbackAddress();
        } catch (UnknownHostException notAnAddress) {
            return false;
        }
    }
}
