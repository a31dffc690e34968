package dev.venv.engine;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeSet;

/**
 * Where venv's own PostgreSQL connections go and as whom: the database the client's URL and
 * properties reach, as PgJDBC reads them, with the owner's {@code user} and {@code password} in
 * place of the client's.
 *
 * <p>Only what decides the server, the database, the role and the way there is kept
 * ({@link #CONNECTION_PROPERTIES}); a client's session settings ({@code ApplicationName},
 * {@code options}, {@code currentSchema}, …) are the client's alone. They would otherwise shape
 * venv's own sessions ({@code options=-c default_transaction_read_only=on} made a connect fail to
 * record its use), and make a pool of every distinct value (a BI tool naming each session opened
 * a pool, and held server connections, per connect).
 *
 * @param url        the backend URL for venv's own connections: hosts, ports and database only
 * @param properties the backend properties for them
 */
record OwnerConnection(String url, Properties properties) {

  /**
   * PgJDBC's properties for reaching a server as a role: where, how securely, how patiently.
   * {@code readOnly} too: a read-only client's engine works read-only (at most two pools).
   */
  static final Set<String> CONNECTION_PROPERTIES = Set.of("user", "password", "readOnly",
      "ssl", "sslmode", "sslcert", "sslkey", "sslrootcert", "sslpassword", "sslpasswordcallback", "sslfactory",
      "sslfactoryarg", "sslhostnameverifier", "sslResponseTimeout", "sslNegotiation", "channelBinding",
      "gssEncMode", "gsslib", "gssResponseTimeout", "gssUseDefaultCreds", "kerberosServerName", "jaasApplicationName",
      "jaasLogin", "sspiServiceClass", "useSpnego", "authenticationPluginClassName",
      "targetServerType", "loadBalanceHosts", "hostRecheckSeconds", "connectTimeout", "loginTimeout", "socketTimeout",
      "cancelSignalTimeout", "tcpKeepAlive", "tcpNoDelay", "socketFactory", "socketFactoryArg", "localSocketAddress",
      "protocolVersion", "receiveBufferSize", "sendBufferSize", "maxSendBufferSize");

  /** venv's connection for a client URL; {@code owner} {@code null} means the client's own role. */
  static OwnerConnection of(String url, Properties client, Properties owner) throws java.sql.SQLException {
    Properties parsed = org.postgresql.Driver.parseURL(url, client);
    if (parsed == null) {
      throw new java.sql.SQLException("PgJDBC cannot read the URL " + Urls.redact(url), "08001");
    }
    Properties kept = new Properties();
    for (String name : parsed.stringPropertyNames()) {
      if (CONNECTION_PROPERTIES.contains(name)) {
        kept.setProperty(name, parsed.getProperty(name));
      }
    }
    if (owner != null) {
      // PgJDBC lets user/password in the URL override the properties: the URL here carries none
      kept.remove("user");
      kept.remove("password");
      kept.putAll(owner);
    }
    return new OwnerConnection(database(parsed), kept);
  }

  private static String database(Properties parsed) {
    String[] hosts = parsed.getProperty("PGHOST", "localhost").split(",");
    String[] ports = parsed.getProperty("PGPORT", "5432").split(",");
    StringJoiner where = new StringJoiner(",", "jdbc:postgresql://", "/");
    for (int i = 0; i < hosts.length; i++) {
      where.add(hosts[i] + ":" + ports[Math.min(i, ports.length - 1)]);
    }
    // No database named: the server takes the user's name (the client's, whoever venv works as).
    String name = parsed.getProperty("PGDBNAME", "");
    if (name.isEmpty()) {
      name = parsed.getProperty("user", "");
    }
    return where + URLEncoder.encode(name, StandardCharsets.UTF_8);
  }

  /**
   * The database these connections reach, for the runtime's caches: the URL, and the socket a
   * socket factory is given (two servers behind one host name, each on its own Unix socket).
   */
  String database() {
    String socket = properties.getProperty("socketFactoryArg");
    return socket == null ? url : url + " socketFactoryArg=" + socket;
  }

  /**
   * Which of the runtime's pools these connections come from: one per database and connection
   * properties. The password counts, hashed, so that a connect naming the owner with a wrong
   * password never borrows the connections another connect opened with the right one.
   */
  String poolKey() {
    StringBuilder key = new StringBuilder(url);
    for (String name : new TreeSet<>(properties.stringPropertyNames())) {
      String value = properties.getProperty(name);
      key.append('\u0000').append(name).append('=').append(name.equals("password") ? sha256(value) : value);
    }
    return key.toString();
  }

  private static String sha256(String text) {
    try {
      byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(digest);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }
}
