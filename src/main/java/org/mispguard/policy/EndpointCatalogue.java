package org.mispguard.policy;

import static org.mispguard.policy.Endpoint.Direction.HANDSHAKE;
import static org.mispguard.policy.Endpoint.Direction.PULL;
import static org.mispguard.policy.Endpoint.Direction.PUSH;

import java.util.List;
import java.util.Optional;
import org.mispguard.policy.Endpoint.Direction;
import org.mispguard.policy.inspect.DocumentKind;

/**
 * The requests MISP synchronisation makes, and nothing else (SPEC §4.3, default deny). Paths are
 * those MISP's ServerSyncTool builds, e.g. {@code /events/add/metadata:1},
 * {@code /events/view/UUID/deleted[]:0/deleted[]:1/excludeGalaxy:1},
 * {@code /shadow_attributes/index/all:1/timestamp:N/limit:1000/page:1/deleted[]:0/deleted[]:1.json}.
 */
public final class EndpointCatalogue {

  private record Row(Endpoint endpoint, PathPattern path) {}

  private static final List<Row> ROWS = List.of(
      plain("GET", "/servers/getVersion", HANDSHAKE),
      plain("POST", "/servers/postTest", HANDSHAKE),
      plain("GET", "/users/view/me.json", HANDSHAKE),
      plain("GET", "/servers/getAvailableSyncFilteringRules", HANDSHAKE),
      indexQuery("/events/index"),
      plain("POST", "/events/filterEventIdsForPush", PUSH),
      plain("HEAD", "/events/view/UUID", PUSH),
      pushed("/events/add{named}", DocumentKind.EVENT),
      pushed("/events/edit/UUID{named}", DocumentKind.EVENT),
      pulled("/events/view/UUID{named}", DocumentKind.EVENT),
      pushed("/events/pushProposals/UUID", DocumentKind.PROPOSALS),
      plain("GET", "/eventReports/add", PUSH),
      pulled("/shadow_attributes/index{named}{.json}", DocumentKind.SHADOW_ATTRIBUTE_INDEX),
      pushed("/galaxies/pushCluster", DocumentKind.GALAXY_CLUSTER_LIST),
      indexQuery("/galaxy_clusters/restSearch"),
      pulled("/galaxy_clusters/view/UUID", DocumentKind.GALAXY_CLUSTER),
      plain("POST", "/sightings/restSearch/event", PULL),
      plain("POST", "/sightings/filterSightingUuidsForPush/UUID", PUSH),
      plain("POST", "/sightings/bulkSaveSightings/UUID", PUSH),
      plain("POST", "/analyst_data/indexMinimal", PULL),
      plain("POST", "/analyst_data/filterAnalystDataForPush", PUSH),
      pulled("/analyst_data/index/{analyst}{uuids}.json", DocumentKind.ANALYST_DATA_INDEX),
      pushed("/analyst_data/pushAnalystData", DocumentKind.ANALYST_DATA_PUSH));

  private EndpointCatalogue() {}

  /**
   * @param method        the request method exactly as sent; only upper case matches
   * @param canonicalPath a path accepted by {@link PathCanonicalizer}
   */
  public static Optional<Endpoint> match(String method, String canonicalPath) {
    return ROWS.stream()
        .filter(row -> row.endpoint().method().equals(method) && row.path().matches(canonicalPath))
        .map(Row::endpoint)
        .findFirst();
  }

  /** Every row, in catalogue order (for documentation and {@code check}). */
  public static List<Endpoint> endpoints() {
    return ROWS.stream().map(Row::endpoint).toList();
  }

  private static Row plain(String method, String path, Direction direction) {
    return row(method, path, direction, Optional.empty(), Optional.empty(), false);
  }

  private static Row indexQuery(String path) {
    return row("POST", path, PULL, Optional.empty(), Optional.empty(), true);
  }

  private static Row pushed(String path, DocumentKind requestBody) {
    return row("POST", path, PUSH, Optional.of(requestBody), Optional.empty(), false);
  }

  private static Row pulled(String path, DocumentKind responseBody) {
    return row("GET", path, PULL, Optional.empty(), Optional.of(responseBody), false);
  }

  private static Row row(String method, String path, Direction direction,
      Optional<DocumentKind> requestBody, Optional<DocumentKind> responseBody, boolean indexQuery) {
    PathPattern pattern = PathPattern.of(path);
    return new Row(
        new Endpoint(method, pattern.text(), direction, requestBody, responseBody, indexQuery), pattern);
  }
}
