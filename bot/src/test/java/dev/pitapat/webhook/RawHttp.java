package dev.pitapat.webhook;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * HTTP/1.1 over a plain socket, byte for byte as written: what {@code java.net.http} refuses to send (a false
 * {@code Content-Length}, a broken chunk, header bytes outside ASCII, a duplicate {@code Content-Length}). Each
 * request asks for {@code Connection: close} and reads the answer to the end of the stream.
 */
final class RawHttp {

    /** A header as sent: its name and value bytes, ISO-8859-1 when built from a string. */
    record Header(String name, byte[] value) {
        Header(String name, String value) {
            this(name, value.getBytes(ISO_8859_1));
        }

        String text() {
            return new String(value, ISO_8859_1);
        }
    }

    /** How the body travels. */
    enum Framing {
        /** {@code Content-Length} of the body. */
        LENGTH,
        /** {@code Transfer-Encoding: chunked} in pieces of random size. */
        CHUNKED,
        /** A {@code Content-Length} larger than the body; the client then stops sending. */
        LENGTH_LONGER,
        /** A {@code Content-Length} smaller than the body; the rest follows as if a next request. */
        LENGTH_SHORTER,
        /** Neither header: the server takes the body as empty. */
        NO_LENGTH,
        /** Both headers at once (request smuggling's usual shape). */
        LENGTH_AND_CHUNKED,
        /** A chunk size line that is not hexadecimal. */
        BROKEN_CHUNK,
        /** {@code Content-Length} twice, with different values. */
        TWO_LENGTHS,
        /** {@code Content-Length: -1}. */
        NEGATIVE_LENGTH
    }

    /** What came back: the status, the headers as one block of text, and the body (de-chunked). */
    record Reply(int status, String head, byte[] body) {
        String bodyText() {
            return new String(body, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private final int port;

    RawHttp(int port) {
        this.port = port;
    }

    Reply post(String path, List<Header> headers, byte[] body, Framing framing) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            head.writeBytes(
                    ("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n").getBytes(ISO_8859_1));
            for (Header header : headers) {
                head.writeBytes((header.name() + ": ").getBytes(ISO_8859_1));
                head.writeBytes(header.value());
                head.writeBytes("\r\n".getBytes(ISO_8859_1));
            }
            head.writeBytes(framingHeaders(framing, body.length).getBytes(ISO_8859_1));
            head.writeBytes("\r\n".getBytes(ISO_8859_1));
            try {
                out.write(head.toByteArray());
                writeBody(out, body, framing);
                out.flush();
                if (framing == Framing.LENGTH_LONGER) {
                    socket.shutdownOutput();
                }
            } catch (IOException closedByServer) {
                // the server answered and closed while the body was still being sent: read what it said
            }
            return read(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException("POST " + path + " over a raw socket (" + framing + ")", e);
        }
    }

    private static String framingHeaders(Framing framing, int length) {
        return switch (framing) {
            case LENGTH, LENGTH_LONGER, LENGTH_SHORTER -> "Content-Length: " + declared(framing, length) + "\r\n";
            case CHUNKED, BROKEN_CHUNK -> "Transfer-Encoding: chunked\r\n";
            case NO_LENGTH -> "";
            case LENGTH_AND_CHUNKED -> "Content-Length: " + length + "\r\nTransfer-Encoding: chunked\r\n";
            case TWO_LENGTHS -> "Content-Length: " + length + "\r\nContent-Length: " + (length + 1) + "\r\n";
            case NEGATIVE_LENGTH -> "Content-Length: -1\r\n";
        };
    }

    private static long declared(Framing framing, int length) {
        return switch (framing) {
            case LENGTH_LONGER -> length + 1L + length / 2;
            case LENGTH_SHORTER -> length / 2;
            default -> length;
        };
    }

    private static void writeBody(OutputStream out, byte[] body, Framing framing) throws IOException {
        switch (framing) {
            case CHUNKED, LENGTH_AND_CHUNKED -> {
                int at = 0;
                while (at < body.length) {
                    int size = Math.min(body.length - at, 1 + (at * 31 + body.length) % 65_536);
                    out.write((Integer.toHexString(size) + "\r\n").getBytes(ISO_8859_1));
                    out.write(body, at, size);
                    out.write("\r\n".getBytes(ISO_8859_1));
                    at += size;
                }
                out.write("0\r\n\r\n".getBytes(ISO_8859_1));
            }
            case BROKEN_CHUNK -> {
                out.write("zz\r\n".getBytes(ISO_8859_1));
                out.write(body);
                out.write("\r\n0\r\n\r\n".getBytes(ISO_8859_1));
            }
            default -> out.write(body);
        }
    }

    /** The final answer, skipping interim ones ({@code 100 Continue}). */
    private static Reply read(InputStream in) throws IOException {
        byte[] all;
        try {
            all = in.readAllBytes();
        } catch (SocketTimeoutException e) {
            throw new IOException("no answer within 30 s", e);
        } catch (IOException reset) {
            all = new byte[0]; // the server reset the connection without an answer
        }
        int at = 0;
        while (true) {
            int end = indexOf(all, "\r\n\r\n".getBytes(ISO_8859_1), at);
            if (end < 0) {
                return new Reply(0, new String(all, at, all.length - at, ISO_8859_1), new byte[0]);
            }
            String head = new String(all, at, end - at, ISO_8859_1);
            int status = Integer.parseInt(head.substring(9, 12));
            int bodyStart = end + 4;
            if (status >= 100 && status < 200) {
                at = bodyStart;
                continue;
            }
            byte[] rest = Arrays.copyOfRange(all, bodyStart, all.length);
            boolean chunked = head.toLowerCase(Locale.ROOT).contains("\r\ntransfer-encoding: chunked");
            return new Reply(status, head, chunked ? dechunk(rest) : rest);
        }
    }

    private static byte[] dechunk(byte[] chunked) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int at = 0;
        while (true) {
            int lineEnd = indexOf(chunked, "\r\n".getBytes(ISO_8859_1), at);
            if (lineEnd < 0) {
                return body.toByteArray();
            }
            String sizeLine = new String(chunked, at, lineEnd - at, ISO_8859_1).split(";")[0].trim();
            int size = Integer.parseInt(sizeLine, 16);
            if (size == 0) {
                return body.toByteArray();
            }
            body.write(chunked, lineEnd + 2, Math.min(size, chunked.length - lineEnd - 2));
            at = lineEnd + 2 + size + 2;
        }
    }

    private static int indexOf(byte[] bytes, byte[] pattern, int from) {
        outer:
        for (int i = from; i <= bytes.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (bytes[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
