package org.mispguard.tls;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.mispguard.config.ConfigException;
import org.mispguard.tls.PemFiles.PemException;

/**
 * The guard's own CA, kept in {@code --ca-dir} (SPEC §7): made once, then only ever read, because
 * MISP hosts trust exactly this certificate and a new one would break their sync.
 */
public final class CertificateAuthority {

  public static final String CA_FILE = "misp-guard-ca.pem";
  public static final String CERTIFICATE_FILE = "misp-guard-ca-cert.pem";

  private static final Logger LOG = LogManager.getLogger(CertificateAuthority.class);
  private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> PUBLIC_FILE = PosixFilePermissions.fromString("rw-r--r--");
  private static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");

  private final TlsIdentity identity;
  private final Path caFile;
  private final Path certificateFile;
  private final boolean created;

  private CertificateAuthority(TlsIdentity identity, Path caFile, Path certificateFile, boolean created) {
    this.identity = identity;
    this.caFile = caFile;
    this.certificateFile = certificateFile;
    this.created = created;
  }

  /**
   * Loads the CA from {@code caDir}, creating directory and CA if neither file exists. The
   * certificate-only file is derived data and is rewritten if just it is missing; a certificate
   * without its key, a file that does not parse, a key that is not the certificate's, or a
   * certificate that is not a valid CA is refused rather than replaced.
   */
  public static CertificateAuthority loadOrCreate(Path caDir) throws ConfigException {
    Path caFile = caDir.resolve(CA_FILE);
    Path certificateFile = caDir.resolve(CERTIFICATE_FILE);
    try {
      if (Files.exists(caFile)) {
        return load(caFile, certificateFile);
      }
      if (Files.exists(certificateFile)) {
        throw problem(caFile + " is missing but " + certificateFile + " exists: restore the CA key, or remove "
            + certificateFile + " to create a new CA (and install the new certificate on every MISP host)");
      }
      return create(caDir, caFile, certificateFile);
    } catch (IOException e) {
      throw problem("cannot use the CA directory " + caDir + ": " + e);
    }
  }

  public X509Certificate certificate() {
    return identity.certificate();
  }

  /** SHA-256 of the certificate, colon-separated upper-case hex as {@code openssl x509 -fingerprint} prints it. */
  public String fingerprintSha256() {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate().getEncoded());
      return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot fingerprint the CA certificate", e);
    }
  }

  /** Private key and certificate. */
  public Path caFile() {
    return caFile;
  }

  /** Certificate only: the file to install on MISP hosts. */
  public Path certificateFile() {
    return certificateFile;
  }

  /** Whether this call made the CA (so the operator still has to install it). */
  public boolean created() {
    return created;
  }

  TlsIdentity identity() {
    return identity;
  }

  private static CertificateAuthority load(Path caFile, Path certificateFile) throws IOException, ConfigException {
    TlsIdentity identity = readCa(caFile);
    warnIfLoose(caFile);
    if (Files.exists(certificateFile)) {
      List<X509Certificate> published = readOrRefuse(certificateFile).certificates();
      if (published.isEmpty() || !published.get(0).equals(identity.certificate())) {
        throw problem(certificateFile + " does not hold the certificate of " + caFile
            + ": remove " + certificateFile + " to have it written again");
      }
    } else {
      writeNew(certificateFile, PemFiles.encode(null, identity.chain()), PUBLIC_FILE);
      LOG.warn("{} was missing and has been written again from {}", certificateFile, caFile);
    }
    return new CertificateAuthority(identity, caFile, certificateFile, false);
  }

  private static TlsIdentity readCa(Path caFile) throws ConfigException {
    TlsIdentity identity;
    try {
      identity = TlsIdentity.read(caFile);
    } catch (PemException e) {
      throw problem("unusable CA: " + e.getMessage());
    }
    if (identity.certificate().getBasicConstraints() < 0) {
      throw problem("unusable CA: " + caFile + ": the certificate is not a CA certificate (basicConstraints CA:false)");
    }
    return identity;
  }

  private static PemFiles.Contents readOrRefuse(Path file) throws ConfigException {
    try {
      return PemFiles.read(file);
    } catch (PemException e) {
      throw problem("unusable CA: " + e.getMessage());
    }
  }

  private static CertificateAuthority create(Path caDir, Path caFile, Path certificateFile)
      throws IOException, ConfigException {
    if (!Files.isDirectory(caDir)) {
      if (supportsPosix(caDir.toAbsolutePath().getParent())) {
        Files.createDirectories(caDir, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIR));
      } else {
        Files.createDirectories(caDir);
      }
    }
    KeyPair keys = CertificateIssuer.newKeyPair();
    TlsIdentity identity = new TlsIdentity(keys.getPrivate(), List.of(CertificateIssuer.selfSignedCa(keys, Instant.now())));
    try {
      writeNew(caFile, PemFiles.encode(identity.key(), identity.chain()), OWNER_ONLY_FILE);
    } catch (FileAlreadyExistsException raced) {
      return load(caFile, certificateFile);
    }
    writeNew(certificateFile, PemFiles.encode(null, identity.chain()), PUBLIC_FILE);
    CertificateAuthority ca = new CertificateAuthority(identity, caFile, certificateFile, true);
    LOG.info("created a new CA in {} (SHA-256 {}); install {} on every MISP host that talks through the guard",
        caFile, ca.fingerprintSha256(), certificateFile);
    return ca;
  }

  /**
   * Writes a complete file under a temporary name and hard-links it into place: readers never see
   * a partial file, and an existing file is never replaced (link fails where rename would not).
   */
  private static void writeNew(Path target, String content, Set<PosixFilePermission> mode) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    FileAttribute<?>[] attributes = supportsPosix(dir)
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(mode)}
        : new FileAttribute<?>[0];
    Path temporary = Files.createTempFile(dir, ".misp-guard-", ".tmp", attributes);
    try {
      try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
        channel.write(ByteBuffer.wrap(content.getBytes(StandardCharsets.US_ASCII)));
        channel.force(true);
      }
      if (supportsPosix(dir)) {
        // createTempFile's attribute is filtered by the umask; the mode must be exact
        Files.setPosixFilePermissions(temporary, mode);
      }
      Files.createLink(target, temporary);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  private static void warnIfLoose(Path caFile) throws IOException {
    if (!supportsPosix(caFile.toAbsolutePath().getParent())) {
      return;
    }
    Set<PosixFilePermission> mode = Files.getPosixFilePermissions(caFile);
    if (!OWNER_ONLY_FILE.containsAll(mode)) {
      LOG.warn("{} holds the CA private key but its mode is {}; run: chmod 600 {}",
          caFile, PosixFilePermissions.toString(mode), caFile);
    }
  }

  private static boolean supportsPosix(Path path) {
    return path.getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  private static ConfigException problem(String message) {
    return new ConfigException(List.of(message));
  }
}
