package org.mispguard.cli;

import com.beust.jcommander.IStringConverter;
import com.beust.jcommander.ParameterException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;

/** Reads {@code --admin-listen HOST:PORT} ({@code [::1]:9100} for IPv6); the host must resolve now. */
public final class ListenAddress implements IStringConverter<InetSocketAddress> {

  private static final String USAGE = " is not HOST:PORT with a port from 1 to 65535 (e.g. 127.0.0.1:9100)";

  @Override
  public InetSocketAddress convert(String value) {
    URI uri;
    try {
      uri = new URI("x://" + value.strip() + "/");
    } catch (URISyntaxException e) {
      throw new ParameterException("--admin-listen: '" + value + "'" + USAGE);
    }
    if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getPort() < 1 || uri.getPort() > 65535
        || !value.strip().equals(uri.getRawAuthority())) {
      throw new ParameterException("--admin-listen: '" + value + "'" + USAGE);
    }
    String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1) : uri.getHost();
    InetSocketAddress address = new InetSocketAddress(host, uri.getPort());
    if (address.isUnresolved()) {
      throw new ParameterException("--admin-listen: cannot resolve '" + host + "'");
    }
    return address;
  }
}
