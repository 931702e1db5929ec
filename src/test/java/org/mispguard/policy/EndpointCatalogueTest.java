package org.mispguard.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mispguard.policy.Endpoint.Direction;
import org.mispguard.policy.inspect.DocumentKind;

class EndpointCatalogueTest {

  private static final String UUID = "5c9f2c7a-6f3e-4b8e-9a61-2f1d0c3b7e44";
  private static final String OTHER_UUID = "0f3a9d6e-1b2c-4d5e-8f70-a1b2c3d4e5f6";

  /** The paths MISP's sync code sends, with the UUID marker standing for a real uuid. */
  @ParameterizedTest(name = "[{0}] {1}")
  @CsvSource(delimiter = '|', value = {
      "GET  | /servers/getVersion                                          | /servers/getVersion",
      "POST | /servers/postTest                                            | /servers/postTest",
      "GET  | /users/view/me.json                                          | /users/view/me.json",
      "GET  | /servers/getAvailableSyncFilteringRules                      | /servers/getAvailableSyncFilteringRules",
      "POST | /events/index                                                | /events/index",
      "POST | /events/filterEventIdsForPush                                | /events/filterEventIdsForPush",
      "HEAD | /events/view/UUID                                            | /events/view/UUID",
      "POST | /events/add                                                  | /events/add{named}",
      "POST | /events/add/metadata:1                                       | /events/add{named}",
      "POST | /events/edit/UUID                                            | /events/edit/UUID{named}",
      "POST | /events/edit/UUID/metadata:1                                 | /events/edit/UUID{named}",
      "GET  | /events/view/UUID                                            | /events/view/UUID{named}",
      "GET  | /events/view/UUID/deleted[]:0/deleted[]:1/excludeGalaxy:1/includeEventCorrelations:0"
          + "/includeFeedCorrelations:0/includeWarninglistHits:0/excludeLocalTags:1 | /events/view/UUID{named}",
      "GET  | /events/view/UUID/deleted[]:0/deleted[]:1/excludeGalaxy:1/excludeLocalTags:1/includeAttachments:0"
          + "/includeEventCorrelations:0/includeFeedCorrelations:0/includeWarninglistHits:0/noEventReports:1"
          + "/noShadowAttributes:1 | /events/view/UUID{named}",
      "POST | /events/pushProposals/UUID                                   | /events/pushProposals/UUID",
      "GET  | /eventReports/add                                            | /eventReports/add",
      "GET  | /shadow_attributes/index                                     | /shadow_attributes/index{named}{.json}",
      "GET  | /shadow_attributes/index.json                                | /shadow_attributes/index{named}{.json}",
      "GET  | /shadow_attributes/index/all:1/timestamp:1700000000/limit:1000/page:3/deleted[]:0/deleted[]:1.json"
          + " | /shadow_attributes/index{named}{.json}",
      "POST | /galaxies/pushCluster                                        | /galaxies/pushCluster",
      "POST | /galaxy_clusters/restSearch                                  | /galaxy_clusters/restSearch",
      "GET  | /galaxy_clusters/view/UUID                                   | /galaxy_clusters/view/UUID",
      "POST | /sightings/restSearch/event                                  | /sightings/restSearch/event",
      "POST | /sightings/filterSightingUuidsForPush/UUID                   | /sightings/filterSightingUuidsForPush/UUID",
      "POST | /sightings/bulkSaveSightings/UUID                            | /sightings/bulkSaveSightings/UUID",
      "POST | /analyst_data/indexMinimal                                   | /analyst_data/indexMinimal",
      "POST | /analyst_data/filterAnalystDataForPush                       | /analyst_data/filterAnalystDataForPush",
      "GET  | /analyst_data/index/Note/uuid[]:UUID.json                    | /analyst_data/index/{analyst}{uuids}.json",
      "GET  | /analyst_data/index/Opinion/uuid[]:UUID/uuid[]:UUID.json     | /analyst_data/index/{analyst}{uuids}.json",
      "GET  | /analyst_data/index/Relationship/uuid[]:UUID.json            | /analyst_data/index/{analyst}{uuids}.json",
      "POST | /analyst_data/pushAnalystData                                | /analyst_data/pushAnalystData"
  })
  void everySyncRequestFindsItsRow(String method, String path, String row) {
    Optional<Endpoint> endpoint = EndpointCatalogue.match(method, path.replace("UUID", UUID));
    assertTrue(endpoint.isPresent(), "no row for [" + method + "]" + path);
    assertEquals(row, endpoint.get().pattern());
  }

  @ParameterizedTest(name = "[{0}] {1}")
  @CsvSource(delimiter = '|', value = {
      "get     | /servers/getVersion",
      "Get     | /servers/getVersion",
      "POST    | /servers/getVersion",
      "GET     | /servers/getversion",
      "GET     | /Servers/getVersion",
      "GET     | /servers/getVersion.json",
      "GET     | /servers/getVersion/extra",
      "GET     | /servers/getVersionX",
      "GET     | /servers",
      "GET     | /",
      "POST    | /events/index.json",
      "POST    | /Events/add",
      "POST    | /events/ADD",
      "POST    | /events/add.json",
      "POST    | /events/add/metadata:1.json",
      "POST    | /events/add/metadata",
      "POST    | /events/add/metadata:",
      "POST    | /events/add/:1",
      "POST    | /events/add/1metadata:1",
      "POST    | /events/add/metadata:a.b",
      "POST    | /events/addX",
      "POST    | /events/add/UUID",
      "POST    | /events/edit",
      "POST    | /events/edit/123/metadata:1",
      "POST    | /events/edit/UUID/UUID",
      "POST    | /events/delete/UUID",
      "DELETE  | /events/view/UUID",
      "HEAD    | /events/view/UUID/deleted:1",
      "GET     | /events/view/UUID.json",
      "GET     | /events/view/UUIDX",
      "GET     | /events/view/5c9f2c7a-6f3e-4b8e-9a61-2f1d0c3b7e4",
      "GET     | /events/view/5c9f2c7a_6f3e_4b8e_9a61_2f1d0c3b7e44",
      "GET     | /events/view/42",
      "GET     | /events/view",
      "GET     | /events/index",
      "POST    | /events/pushProposals/UUID/metadata:1",
      "POST    | /eventReports/add",
      "GET     | /shadow_attributes/index.xml",
      "GET     | /shadow_attributes/index/all:1.json.json",
      "GET     | /shadow_attributes/indexX",
      "GET     | /shadow_attributes/view/1",
      "POST    | /galaxies/pushCluster/metadata:1",
      "GET     | /galaxy_clusters/view/UUID/extra:1",
      "GET     | /galaxy_clusters/view/42",
      "POST    | /galaxy_clusters/delete/UUID",
      "POST    | /sightings/restSearch",
      "POST    | /sightings/restSearch/attribute",
      "POST    | /sightings/bulkSaveSightings",
      "GET     | /analyst_data/index/Note.json",
      "GET     | /analyst_data/index/Note/uuid[]:UUID",
      "GET     | /analyst_data/index/note/uuid[]:UUID.json",
      "GET     | /analyst_data/index/Event/uuid[]:UUID.json",
      "GET     | /analyst_data/index/Note/uuid:UUID.json",
      "GET     | /analyst_data/index/Note/id[]:UUID.json",
      "GET     | /analyst_data/index/Note/uuid[]:42.json",
      "GET     | /analyst_data/index/Note/uuid[]:UUID/all:1.json",
      "POST    | /attributes/restSearch.json",
      "POST    | /users/resetauthkey/me",
      "GET     | /admin/users/index"
  })
  void nearMissesMatchNothing(String method, String path) {
    assertEquals(Optional.empty(), EndpointCatalogue.match(method, path.replace("UUID", UUID)));
  }

  @Test
  void analystDataAcceptsOneToAHundredUuids() {
    assertTrue(EndpointCatalogue.match("GET", analystIndex(1)).isPresent());
    assertTrue(EndpointCatalogue.match("GET", analystIndex(100)).isPresent());
    assertEquals(Optional.empty(), EndpointCatalogue.match("GET", analystIndex(101)));
  }

  private static String analystIndex(int uuids) {
    return "/analyst_data/index/Note"
        + IntStream.range(0, uuids).mapToObj(i -> "/uuid[]:" + (i % 2 == 0 ? UUID : OTHER_UUID))
            .collect(Collectors.joining())
        + ".json";
  }

  @Test
  void uuidsMayUseAnyLetterCaseAsTheSpecDefinesThem() {
    assertTrue(EndpointCatalogue.match("GET", "/events/view/" + UUID.toUpperCase()).isPresent());
  }

  @Test
  void rowsCarryWhatTheBodyChecksNeed() {
    Endpoint add = EndpointCatalogue.match("POST", "/events/add/metadata:1").orElseThrow();
    assertEquals(Direction.PUSH, add.direction());
    assertEquals(Optional.of(DocumentKind.EVENT), add.requestBody());
    assertEquals(Optional.empty(), add.responseBody());

    Endpoint view = EndpointCatalogue.match("GET", "/events/view/" + UUID).orElseThrow();
    assertEquals(Direction.PULL, view.direction());
    assertEquals(Optional.empty(), view.requestBody());
    assertEquals(Optional.of(DocumentKind.EVENT), view.responseBody());

    Endpoint head = EndpointCatalogue.match("HEAD", "/events/view/" + UUID).orElseThrow();
    assertEquals(Optional.empty(), head.requestBody());
    assertEquals(Optional.empty(), head.responseBody());

    assertTrue(EndpointCatalogue.match("POST", "/events/index").orElseThrow().indexQuery());
    assertTrue(EndpointCatalogue.match("POST", "/galaxy_clusters/restSearch").orElseThrow().indexQuery());
  }

  @Test
  void documentKindsFollowTheSpecTable() {
    assertEquals(Optional.of(DocumentKind.PROPOSALS),
        EndpointCatalogue.match("POST", "/events/pushProposals/" + UUID).orElseThrow().requestBody());
    assertEquals(Optional.of(DocumentKind.SHADOW_ATTRIBUTE_INDEX),
        EndpointCatalogue.match("GET", "/shadow_attributes/index.json").orElseThrow().responseBody());
    assertEquals(Optional.of(DocumentKind.GALAXY_CLUSTER_LIST),
        EndpointCatalogue.match("POST", "/galaxies/pushCluster").orElseThrow().requestBody());
    assertEquals(Optional.of(DocumentKind.GALAXY_CLUSTER),
        EndpointCatalogue.match("GET", "/galaxy_clusters/view/" + UUID).orElseThrow().responseBody());
    assertEquals(Optional.of(DocumentKind.ANALYST_DATA_INDEX),
        EndpointCatalogue.match("GET", analystIndex(2)).orElseThrow().responseBody());
    assertEquals(Optional.of(DocumentKind.ANALYST_DATA_PUSH),
        EndpointCatalogue.match("POST", "/analyst_data/pushAnalystData").orElseThrow().requestBody());
  }

  @Test
  void theCatalogueHasExactlyTheSpecRows() {
    assertEquals(23, EndpointCatalogue.endpoints().size());
  }
}
