package org.mispguard.policy.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The kept members of an object answer like any map, whichever String object names a member. */
class MembersTest {

  @Test
  void membersAreFoundByAnEqualNameAsWellAsByTheReadNameItself() {
    Members members = new Members();
    members.add("type", "md5");
    members.add("12", "x");
    String equalType = new String("type".toCharArray());
    assertTrue(ReadKeys.numberOf("type") >= 0);
    assertEquals(-1, ReadKeys.numberOf(equalType));
    assertEquals(-1, ReadKeys.numberOf("12"));
    assertEquals("md5", members.get("type"));
    assertEquals("md5", members.get(equalType));
    assertEquals("x", members.get(new String("12".toCharArray())));
    assertNull(members.get("category"));
    assertFalse(members.containsKey("value"));
    assertEquals(Map.of("type", "md5", "12", "x"), members);
  }

  @Test
  void manyMembersGrowTheArrayInDocumentOrder() {
    Members members = new Members();
    Map<String, Object> expected = new HashMap<>();
    for (int i = 0; i < 40; i++) {
      members.add(String.valueOf(i), i);
      expected.put(String.valueOf(i), i);
    }
    assertEquals(expected, members);
    assertEquals(40, members.size());
    assertEquals(List.of("0", "1", "2"), members.keySet().stream().limit(3).toList());
  }
}
