package org.mispguard.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.Parameters;
import java.io.PrintStream;
import java.nio.file.Path;
import org.mispguard.config.ConfigException;
import org.mispguard.tls.CertificateAuthority;

/** {@code ca}: create the guard's CA if missing, and say where it is and how to trust it. */
@Parameters(commandDescription = "Create the CA if missing; print its path, fingerprint and how to trust it")
final class CaCommand {

  @Parameter(names = "--ca-dir", description = "Folder of the guard's CA")
  Path caDir = Path.of("certs");

  int run(PrintStream out, PrintStream err) {
    CertificateAuthority ca;
    try {
      ca = CertificateAuthority.loadOrCreate(caDir);
    } catch (ConfigException e) {
      e.problems().forEach(err::println);
      return ExitCode.FAILURE;
    }
    out.println((ca.created() ? "Created" : "Using existing") + " CA: " + ca.caFile() + " (private key: keep it here, mode 0600)");
    out.println("Certificate to install on MISP hosts: " + ca.certificateFile());
    out.println("SHA-256 fingerprint: " + ca.fingerprintSha256());
    out.println();
    out.println("Make a MISP host trust it (one of):");
    out.println("  - OS store: cp " + ca.certificateFile()
        + " /usr/local/share/ca-certificates/misp-guard.crt && update-ca-certificates");
    out.println("  - MISP bundle: append it to the file named by MISP.ca_path");
    out.println("  - per remote server: upload it as the server's certificate file (cert_file)");
    return ExitCode.OK;
  }
}
