package org.mispguard.cli;

import com.beust.jcommander.IStringConverter;
import com.beust.jcommander.ParameterException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import org.mispguard.config.HostPort;

/**
 * {@code --mode} in mitmproxy's spelling: {@code regular} (forward proxy, the default),
 * {@code reverse:https://HOST[:PORT]}, or {@code reverse} alone when the seed configuration's
 * {@code misp} block names the internal server.
 *
 * @param upstream the internal MISP server named on the command line, if any
 */
record Mode(boolean reverse, Optional<HostPort> upstream) {

  static final Mode REGULAR = new Mode(false, Optional.empty());

  static final class Converter implements IStringConverter<Mode> {
    @Override
    public Mode convert(String value) {
      return parse(value);
    }
  }

  static Mode parse(String value) {
    String text = value.strip();
    if (text.equals("regular")) {
      return REGULAR;
    }
    if (text.equals("reverse")) {
      return new Mode(true, Optional.empty());
    }
    if (!text.startsWith("reverse:")) {
      throw usage(value, "expected regular, reverse or reverse:https://HOST:PORT");
    }
    return new Mode(true, Optional.of(upstream(value, text.substring("reverse:".length()))));
  }

  private static HostPort upstream(String value, String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw usage(value, "not a URL");
    }
    if (uri.getScheme() == null || !uri.getScheme().toLowerCase(Locale.ROOT).equals("https")) {
      throw usage(value, "the internal MISP server must be reached with https://");
    }
    boolean bare = (uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"))
        && uri.getRawQuery() == null && uri.getRawFragment() == null && uri.getRawUserInfo() == null;
    if (uri.getHost() == null || !bare) {
      throw usage(value, "expected https://HOST or https://HOST:PORT, nothing more");
    }
    String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1) : uri.getHost();
    return new HostPort(host, uri.getPort() == -1 ? 443 : uri.getPort());
  }

  private static ParameterException usage(String value, String problem) {
    return new ParameterException("--mode " + value + ": " + problem);
  }
}
