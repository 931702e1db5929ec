package org.mispguard.proxy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Set;

/**
 * The one user name and password the forward listener accepts (MISP's {@code Proxy.user} and
 * {@code Proxy.password}). Only digests are kept, and they are compared in constant time, so
 * neither the time of a refusal nor a heap dump's strings give the password away.
 */
public final class ProxyCredentials {

  private final byte[] user;
  private final byte[] password;

  private ProxyCredentials(String user, String password) {
    this.user = digest(user);
    this.password = digest(password);
  }

  /**
   * @param option {@code user:pass}, or {@code @FILE} naming a file that holds one such line and
   *               that other users cannot read
   * @throws IllegalArgumentException naming what is wrong (never the password)
   */
  public static ProxyCredentials parse(String option) {
    String pair = option.startsWith("@") ? readFile(Path.of(option.substring(1))) : option;
    int colon = pair.indexOf(':');
    if (colon <= 0 || colon == pair.length() - 1) {
      throw new IllegalArgumentException("--proxy-auth must be user:password (or @FILE holding that line)");
    }
    return new ProxyCredentials(pair.substring(0, colon), pair.substring(colon + 1));
  }

  private static String readFile(Path file) {
    try {
      Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
      if (permissions.contains(PosixFilePermission.OTHERS_READ)) {
        throw new IllegalArgumentException("--proxy-auth file " + file
            + " is readable by every user: restrict it (chmod 600 or 640)");
      }
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8).stream()
          .filter(line -> !line.isBlank()).toList();
      if (lines.size() != 1) {
        throw new IllegalArgumentException("--proxy-auth file " + file + " must hold exactly one user:password line");
      }
      return lines.get(0).strip();
    } catch (UnsupportedOperationException e) {
      throw new IllegalArgumentException("--proxy-auth file " + file + ": cannot check who may read it");
    } catch (IOException e) {
      throw new IllegalArgumentException("--proxy-auth file " + file + " cannot be read: " + e.getMessage());
    }
  }

  /** Both parts are always compared, so a wrong user name costs as long as a wrong password. */
  boolean matches(String candidateUser, String candidatePassword) {
    boolean userMatches = MessageDigest.isEqual(user, digest(candidateUser));
    boolean passwordMatches = MessageDigest.isEqual(password, digest(candidatePassword));
    return userMatches & passwordMatches;
  }

  private static byte[] digest(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(String.valueOf(text).getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  @Override
  public String toString() {
    return "ProxyCredentials[hidden]";
  }
}
