package org.mispguard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A pushing MISP that spells a forbidden value differently, or sends it twice, still meets
 * inst_a's rules (SPEC §5.3): the push is refused and not one byte of it reaches misp-b.
 */
class RuleSpellingAttackTest extends SyncNetwork {

  @BeforeAll
  static void startNetwork() throws Exception {
    startNetwork(1024 * 1024, settings -> settings);
  }

  private void assertPushRefused(String event, String reason) throws Exception {
    assertRefused(send("POST", "/events/add", event), 403, "request blocked: [POST]/events/add - " + reason);
  }

  @Test
  void theAllowedEventPasses() throws Exception {
    assertEquals(200, send("POST", "/events/add", Events.allowed()).status());
    assertEquals(1, mispB.received().size());
  }

  /** A forbidden tag, type, category, object name or sharing group in another case or padded with white space. */
  static Stream<Arguments> respelledValues() {
    String group = "\"distribution\": \"4\", \"sharing_group_id\": \"7\", \"SharingGroup\": {\"name\": \"Closed\", \"uuid\": ";
    return Stream.of(
        Arguments.of(Events.withTags("{\"name\": \"tlp:green\"}, {\"name\": \"TLP:RED\"}"), "event has blocked tag"),
        Arguments.of(Events.withTags("{\"name\": \"tlp:green\"}, {\"name\": \" tlp:red\\t\"}"), "event has blocked tag"),
        Arguments.of(Events.withAttribute("\"type\": \"PASSPORT-NUMBER\", \"category\": \"Other\""), "attribute with a blocked type"),
        Arguments.of(Events.withAttribute("\"type\": \" Passport-Number\\n\", \"category\": \"Other\""), "attribute with a blocked type"),
        Arguments.of(Events.withAttribute("\"type\": \"text\", \"category\": \"PERSON\""), "attribute with a blocked category"),
        Arguments.of(Events.withAttribute("\"type\": \"text\", \"category\": \" person\""), "attribute with a blocked category"),
        Arguments.of(Events.withObject("\"name\": \"Person\", \"meta-category\": \"misc\""), "object with a blocked type"),
        Arguments.of(Events.withObject("\"name\": \"PERSON \", \"meta-category\": \"misc\""), "object with a blocked type"),
        Arguments.of(Events.withEventFields(group + "\"5B6E9A4C-2F1D-4C8E-9A7B-3D2E1F0A9B8C\"}"), "event has blocked sharing group uuid"),
        Arguments.of(Events.withEventFields(group + "\" 5b6e9a4c-2f1d-4c8e-9a7b-3d2e1f0a9b8c \"}"), "event has blocked sharing group uuid"));
  }

  @ParameterizedTest
  @MethodSource("respelledValues")
  void aRespelledForbiddenValueIsStillForbidden(String event, String reason) throws Exception {
    assertPushRefused(event, reason);
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"0\"", "0", "0.0", "\"0.0\"", "\"0e0\"", "\" 0\"", "false"})
  void organisationOnlyDistributionInEverySpelling(String distribution) throws Exception {
    assertPushRefused(Events.withEventFields("\"distribution\": " + distribution),
        "event has blocked distribution level");
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"six\"", "7", "-1", "null", "[0]", "\"0x0\""})
  void distributionThatIsNoLevelIsRefused(String distribution) throws Exception {
    assertEquals(403, send("POST", "/events/add", Events.withEventFields("\"distribution\": " + distribution)).status());
    assertNothingForwarded();
  }

  /** The same key twice in the event, an attribute, at the top, in a tag, and spelled with an escape. */
  static Stream<String> duplicateKeys() {
    return Stream.of(
        Events.withEventFields("\"distribution\": \"1\", \"distribution\": \"0\""),
        Events.withAttribute("\"type\": \"text\", \"type\": \"passport-number\", \"category\": \"Other\""),
        "{\"Event\": {\"info\": \"decoy\", \"distribution\": \"1\"}, "
            + Events.withEventFields("\"distribution\": \"0\"").strip().substring(1),
        Events.withTags("{\"name\": \"tlp:green\", \"name\": \"tlp:red\"}"),
        Events.withEventFields("\"distribution\": \"1\", \"distributio\\u006e\": \"0\""));
  }

  @ParameterizedTest
  @MethodSource("duplicateKeys")
  void duplicateKeysAreRefused(String event) throws Exception {
    assertPushRefused(event, "duplicate key");
  }
}
