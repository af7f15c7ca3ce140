package dev.pitapat.testing;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.http.server.GitServlet;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.ReceiveCommand;
import org.eclipse.jgit.transport.ReceivePack;

/**
 * A real smart-HTTP Git server on 127.0.0.1: JGit's {@link GitServlet} on an embedded Tomcat, serving one bare
 * repository at {@code /acme/gitops.git} behind HTTP Basic that accepts only {@code x-access-token:<token>}, like
 * GitHub with an installation token or a fine-grained token. The accepted token can change (rotation), a
 * token can be made read-only (pushes get {@code 403}), and reads can be left open (a public repository). It
 * counts the fetches (and clones) it served, and can answer each HTTP exchange a round trip late, as a remote
 * repository across a network does.
 */
public final class GitHttpServer implements AutoCloseable {

    public static final String USER = "x-access-token";

    /** The served repository's path, as on GitHub: {@code <owner>/<repo>.git}. */
    public static final String NAME = "acme/gitops.git";

    private final Tomcat tomcat;
    private final Path repository;
    private final int port;
    private final AtomicReference<String> accepted;
    private final Set<String> readOnly = ConcurrentHashMap.newKeySet();
    private final List<String> presented = new CopyOnWriteArrayList<>();
    private final AtomicInteger fetches = new AtomicInteger();
    private final AtomicInteger exchanges = new AtomicInteger();
    private final Set<String> connections = ConcurrentHashMap.newKeySet();
    private volatile Duration roundTrip = Duration.ZERO;
    private volatile boolean publicReads;
    private volatile String redirectTo;
    private volatile String hookRefusal;
    private final AtomicReference<PushHold> nextHold = new AtomicReference<>();

    /**
     * A push held in the pre-receive hook: its pack has arrived, the branch is not updated yet (and is checked
     * against the pusher's expected head only once released), while other pushes go through.
     */
    public static final class PushHold {
        private final java.util.concurrent.CountDownLatch arrived = new java.util.concurrent.CountDownLatch(1);
        private final java.util.concurrent.CountDownLatch released = new java.util.concurrent.CountDownLatch(1);

        /** Waits until the held push reached the hook. */
        public void awaitArrival() throws InterruptedException {
            if (!arrived.await(30, java.util.concurrent.TimeUnit.SECONDS)) {
                throw new IllegalStateException("no push arrived within 30 s");
            }
        }

        /** Lets the held push go on. */
        public void release() {
            released.countDown();
        }
    }

    private final AtomicInteger pushes = new AtomicInteger();

    private GitHttpServer(Tomcat tomcat, Path repository, AtomicReference<String> accepted) {
        this.tomcat = tomcat;
        this.repository = repository;
        this.accepted = accepted;
        this.port = tomcat.getConnector().getLocalPort();
    }

    /** Creates an empty bare repository (branch {@code main}) under {@code dir} and serves it. */
    public static GitHttpServer start(Path dir, String token) throws Exception {
        Path bare = dir.resolve("served/gitops.git");
        Git.init()
                .setBare(true)
                .setInitialBranch("main")
                .setDirectory(bare.toFile())
                .call()
                .close();
        return serve(dir, bare, token);
    }

    /** Serves the existing bare repository {@code bare}; Tomcat's files go under {@code dir}. */
    public static GitHttpServer serve(Path dir, Path bare, String token) throws Exception {
        AtomicReference<String> accepted = new AtomicReference<>(token);
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(dir.resolve("tomcat").toString());
        Connector connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        tomcat.getService().addConnector(connector);
        tomcat.setConnector(connector);
        Context context = tomcat.addContext("", dir.toString());
        if (context instanceof org.apache.catalina.core.StandardContext standard) {
            standard.setClearReferencesThreadLocals(false); // no leak hunting in a test server: it only warns
            standard.setClearReferencesRmiTargets(false);
        }
        GitHttpServer[] self = new GitHttpServer[1];

        // First, so that every exchange pays the round trip, the 401 that asks for credentials included.
        FilterDef network = new FilterDef();
        network.setFilterName("round-trip");
        network.setFilter(new HttpFilter() {
            @Override
            protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws IOException, ServletException {
                self[0].travel(request);
                chain.doFilter(request, response);
            }
        });
        context.addFilterDef(network);
        FilterMap networkMap = new FilterMap();
        networkMap.setFilterName("round-trip");
        networkMap.addURLPattern("/*");
        context.addFilterMap(networkMap);

        FilterDef auth = new FilterDef();
        auth.setFilterName("basic-auth");
        auth.setFilter(new HttpFilter() {
            @Override
            protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws IOException, ServletException {
                self[0].authenticate(request, response, chain);
            }
        });
        context.addFilterDef(auth);
        FilterMap map = new FilterMap();
        map.setFilterName("basic-auth");
        map.addURLPattern("/*");
        context.addFilterMap(map);

        GitServlet git = new GitServlet();
        git.setRepositoryResolver((request, name) -> {
            if (!name.equals(NAME)) {
                throw new RepositoryNotFoundException(name);
            }
            try {
                return new FileRepositoryBuilder()
                        .setGitDir(bare.toFile())
                        .setMustExist(true)
                        .build();
            } catch (IOException e) {
                throw new RepositoryNotFoundException(name, e);
            }
        });
        git.setReceivePackFactory((request, db) -> {
            ReceivePack receive = new ReceivePack(db);
            receive.setPreReceiveHook((pack, commands) -> {
                self[0].pushes.incrementAndGet();
                PushHold hold = self[0].nextHold.getAndSet(null);
                if (hold != null) {
                    hold.arrived.countDown();
                    try {
                        hold.released.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                String refusal = self[0].hookRefusal;
                if (refusal != null) {
                    commands.forEach(
                            command -> command.setResult(ReceiveCommand.Result.REJECTED_OTHER_REASON, refusal));
                }
            });
            return receive;
        });
        Tomcat.addServlet(context, "git", git);
        context.addServletMappingDecoded("/*", "git");
        tomcat.start();
        self[0] = new GitHttpServer(tomcat, bare, accepted);
        return self[0];
    }

    /**
     * One request and its response crossing the network: the request is held for the round trip before it is
     * served, which delays the answer by that much whatever the server then does; the first request on a new
     * TCP connection is held for one more, the connection's handshake.
     */
    private void travel(HttpServletRequest request) throws IOException {
        exchanges.incrementAndGet();
        boolean newConnection = connections.add(request.getServletConnection().getConnectionId());
        Duration wait = newConnection ? roundTrip.multipliedBy(2) : roundTrip;
        if (wait.isZero()) {
            return;
        }
        try {
            Thread.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while crossing the simulated network");
        }
    }

    private void authenticate(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (redirectTo != null) {
            String query = request.getQueryString();
            response.sendRedirect(redirectTo + request.getRequestURI() + (query == null ? "" : "?" + query));
            return;
        }
        boolean push = "git-receive-pack".equals(request.getParameter("service"))
                || request.getRequestURI().endsWith("/git-receive-pack");
        String header = request.getHeader("Authorization");
        String token = null;
        if (header != null && header.startsWith("Basic ")) {
            String decoded = new String(Base64.getDecoder().decode(header.substring(6)), StandardCharsets.UTF_8);
            presented.add(decoded);
            if (decoded.startsWith(USER + ":")) {
                token = decoded.substring(USER.length() + 1);
            }
        }
        boolean valid = token != null && (token.equals(accepted.get()) || readOnly.contains(token));
        if (!valid && !(publicReads && !push)) {
            response.setHeader("WWW-Authenticate", "Basic realm=\"gitops\"");
            response.sendError(HttpServletResponse.SC_UNAUTHORIZED);
            return;
        }
        if (valid && push && readOnly.contains(token)) {
            response.sendError(HttpServletResponse.SC_FORBIDDEN);
            return;
        }
        if (request.getRequestURI().endsWith("/info/refs")
                && "git-upload-pack".equals(request.getParameter("service"))) {
            fetches.incrementAndGet(); // each fetch, clone or ls-remote starts with this request
        }
        chain.doFilter(
                new HttpServletRequestWrapper(request) {
                    @Override
                    public String getRemoteUser() {
                        return USER;
                    }
                },
                response);
    }

    /** {@code http://127.0.0.1:<port>/acme/gitops.git} */
    public String url() {
        return "http://127.0.0.1:" + port + "/" + NAME;
    }

    /** The served bare repository on disk. */
    public Path repository() {
        return repository;
    }

    /** From now on only {@code token} is accepted (the old one was rotated or expired). */
    public void accept(String token) {
        accepted.set(token);
    }

    /** {@code token} may read but not push: pushes with it get {@code 403}. */
    public void readOnly(String token) {
        readOnly.add(token);
    }

    /** Reads need no credentials (a public repository); pushes still do. */
    public void publicReads() {
        publicReads = true;
    }

    /** Answers every request with a redirect to the same path on {@code baseUrl} (a moved repository). */
    public void redirectTo(String baseUrl) {
        redirectTo = baseUrl;
    }

    /**
     * From now on a pre-receive hook refuses every push with {@code message} (a protected branch, a policy
     * check), as {@code git} reports a declined hook; {@code null} lets pushes through again.
     */
    public void refusePushes(String message) {
        hookRefusal = message;
    }

    /**
     * From now on every HTTP exchange (a request and its response) takes {@code roundTrip} longer, and the first
     * one on a new TCP connection twice that (its handshake), as across a network with that round-trip time.
     */
    public void delayEachExchange(Duration roundTrip) {
        this.roundTrip = roundTrip;
    }

    /** How many HTTP exchanges were served so far, refused and redirected ones included. */
    public int exchanges() {
        return exchanges.get();
    }

    /** How many TCP connections the exchanges came on. */
    public int connections() {
        return connections.size();
    }

    /** Holds the next push in the pre-receive hook until the returned hold is released. */
    public PushHold holdNextPush() {
        PushHold hold = new PushHold();
        nextHold.set(hold);
        return hold;
    }

    /** How many pushes reached the pre-receive hook, refused ones included. */
    public int pushes() {
        return pushes.get();
    }

    /** Every Basic credential presented, decoded as {@code user:password}, in order. */
    public List<String> presented() {
        return List.copyOf(presented);
    }

    /** How many fetches, clones and ls-remotes were served so far (refused ones not counted). */
    public int fetches() {
        return fetches.get();
    }

    /** Opens the served repository (close it after use). */
    public Repository open() throws IOException {
        return new FileRepositoryBuilder()
                .setGitDir(repository.toFile())
                .setMustExist(true)
                .build();
    }

    @Override
    public void close() throws LifecycleException {
        tomcat.stop();
        tomcat.destroy();
    }
}
