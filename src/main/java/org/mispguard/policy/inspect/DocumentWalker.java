package org.mispguard.policy.inspect;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Visits every element of a MISP document that a rule can speak of (SPEC §5.2, §5.4, §5.5), in the
 * reference addon's order, and hands each observed value to {@link RuleChecks}.
 *
 * <p>Lists are walked by index: they come as several kinds of {@code List}, so an iterator per list
 * (most of them empty) was not optimised away, and made a tenth of what reading and judging a
 * small event allocated.
 */
final class DocumentWalker {

  private static final List<String> ANALYST_DATA_TYPES = List.of("Note", "Opinion", "Relationship");

  private final RuleChecks checks;

  DocumentWalker(RuleChecks checks) {
    this.checks = checks;
  }

  void event(Map<String, Object> event) {
    List<String> tags = tagNames(event, "EventTag");
    checks.tags(Subject.EVENT, tags);
    galaxies(event, Subject.EVENT);
    checks.requiredTaxonomies(Subject.EVENT, hasTagList(event, "EventTag"), tags);
    checks.distribution(Subject.EVENT, required(event, "distribution", Subject.EVENT));
    List<Object> reports = Shapes.list(event.get("EventReport"), "EventReport");
    for (int i = 0; i < reports.size(); i++) {
      eventReport(Shapes.object(reports.get(i), "EventReport"));
    }
    sharingGroup(event, Subject.EVENT);
    analystDataOf(event);
    walkOrReplay(event, "Attribute", this::attribute);
    walkOrReplay(event, "Object", this::object);
    shadowAttributes(event);
  }

  /** The elements of {@code event}'s list {@code name}: walked, or replayed when judged as they were read. */
  private void walkOrReplay(Map<String, Object> event, String name, Consumer<Map<String, Object>> walk) {
    List<Object> elements = Shapes.list(event.get(name), name);
    for (int i = 0; i < elements.size(); i++) {
      Object element = elements.get(i);
      if (element instanceof Judged judged) {
        checks.replay(judged);
      } else {
        walk.accept(Shapes.object(element, name));
      }
    }
  }

  /** Attributes, object attributes and proposals (ShadowAttribute) share the same rules. */
  void attribute(Map<String, Object> attribute) {
    checks.attributeCategory(Shapes.requiredString(attribute, "category", "attribute"));
    checks.attributeType(Shapes.requiredString(attribute, "type", "attribute"));
    Object distribution = attribute.get("distribution");
    if (distribution != null) {
      checks.distribution(Subject.ATTRIBUTE, distribution);
    }
    List<String> tags = tagNames(attribute, "AttributeTag");
    checks.tags(Subject.ATTRIBUTE, tags);
    galaxies(attribute, Subject.ATTRIBUTE);
    checks.requiredTaxonomies(Subject.ATTRIBUTE, hasTagList(attribute, "AttributeTag"), tags);
    sharingGroup(attribute, Subject.ATTRIBUTE);
    shadowAttributes(attribute);
    analystDataOf(attribute);
  }

  void object(Map<String, Object> object) {
    checks.distribution(Subject.OBJECT, required(object, "distribution", Subject.OBJECT));
    sharingGroup(object, Subject.OBJECT);
    checks.objectType(Shapes.requiredString(object, "name", "object"));
    List<Object> attributes = Shapes.list(object.get("Attribute"), "Object Attribute");
    for (int i = 0; i < attributes.size(); i++) {
      attribute(Shapes.object(attributes.get(i), "Object Attribute"));
    }
    analystDataOf(object);
  }

  /** A proposal list: bare ShadowAttribute objects (pushProposals) or wrapped ones (index). */
  void proposals(Object root) {
    for (Object proposal : Shapes.documents(root, "proposal list")) {
      attribute(Shapes.unwrap(Shapes.object(proposal, "proposal"), "ShadowAttribute"));
    }
  }

  /**
   * A standalone cluster document ({@code {"GalaxyCluster": {...}}}); MISP may put the cluster's
   * SharingGroup and relations beside the cluster rather than inside, so both places count.
   */
  void clusterDocument(Map<String, Object> document) {
    Map<String, Object> cluster = Shapes.unwrap(document, "GalaxyCluster");
    checks.distribution(Subject.GALAXY_CLUSTER, required(cluster, "distribution", Subject.GALAXY_CLUSTER));
    cluster(cluster, Subject.GALAXY_CLUSTER);
    if (cluster != document) {
      sharingGroup(document, Subject.GALAXY_CLUSTER);
      clusterRelations(document);
    }
  }

  /** One analyst data document of a push body or an index response. */
  void analystDataDocument(Map<String, Object> document) {
    boolean found = false;
    for (String type : ANALYST_DATA_TYPES) {
      if (document.containsKey(type)) {
        analystData(type, Shapes.object(document.get(type), type));
        found = true;
      }
    }
    if (!found) {
      if (!(document.get("note_type_name") instanceof String declared && ANALYST_DATA_TYPES.contains(declared))) {
        throw new MalformedDocument("no analyst data in body");
      }
      analystData(declared, document);
    }
  }

  private void eventReport(Map<String, Object> report) {
    checks.distribution(Subject.EVENT_REPORT, required(report, "distribution", Subject.EVENT_REPORT));
    sharingGroup(report, Subject.EVENT_REPORT);
  }

  private void shadowAttributes(Map<String, Object> owner) {
    List<Object> proposals = Shapes.list(owner.get("ShadowAttribute"), "ShadowAttribute");
    for (int i = 0; i < proposals.size(); i++) {
      attribute(Shapes.object(proposals.get(i), "ShadowAttribute"));
    }
  }

  /** Galaxy clusters attached to an event or attribute: their tag_name is a tag of the owner. */
  private void galaxies(Map<String, Object> owner, Subject owningSubject) {
    List<Object> galaxies = Shapes.list(owner.get("Galaxy"), "Galaxy");
    for (int g = 0; g < galaxies.size(); g++) {
      List<Object> clusters = Shapes.list(Shapes.object(galaxies.get(g), "Galaxy").get("GalaxyCluster"), "GalaxyCluster");
      for (int c = 0; c < clusters.size(); c++) {
        Map<String, Object> attached = Shapes.object(clusters.get(c), "GalaxyCluster");
        Object distribution = attached.get("distribution");
        if (distribution != null) {
          checks.distribution(Subject.GALAXY_CLUSTER, distribution);
        }
        cluster(attached, owningSubject);
      }
    }
  }

  private void cluster(Map<String, Object> cluster, Subject tagSubject) {
    sharingGroup(cluster, Subject.GALAXY_CLUSTER);
    String tagName = Shapes.optionalString(cluster, "tag_name", "galaxy cluster");
    if (tagName != null) {
      checks.tags(tagSubject, List.of(tagName));
    }
    clusterRelations(cluster);
  }

  private void clusterRelations(Map<String, Object> owner) {
    for (String key : List.of("GalaxyClusterRelation", "TargetingClusterRelation")) {
      List<Object> relations = Shapes.list(owner.get(key), key);
      for (int i = 0; i < relations.size(); i++) {
        Map<String, Object> relation = Shapes.object(relations.get(i), key);
        checks.tags(Subject.GALAXY_CLUSTER, tagNames(relation, "GalaxyClusterRelationTag"));
        Object distribution = relation.get("distribution");
        if (distribution != null) {
          checks.distribution(Subject.GALAXY_CLUSTER, distribution);
        }
        sharingGroup(relation, Subject.GALAXY_CLUSTER);
      }
    }
  }

  private void analystDataOf(Map<String, Object> owner) {
    for (String type : ANALYST_DATA_TYPES) {
      List<Object> elements = Shapes.list(owner.get(type), type);
      for (int i = 0; i < elements.size(); i++) {
        analystData(type, Shapes.object(elements.get(i), type));
      }
    }
  }

  private void analystData(String type, Map<String, Object> data) {
    checks.distribution(Subject.ANALYST_DATA, required(data, "distribution", Subject.ANALYST_DATA));
    sharingGroup(data, Subject.ANALYST_DATA);
    analystDataOf(data);
    if (type.equals("Relationship")) {
      relatedObject(data);
    }
  }

  /** SPEC §5.5: the element a Relationship points at carries its own distribution and tags. */
  private void relatedObject(Map<String, Object> relationship) {
    Object related = relationship.get("related_object");
    String type = Shapes.optionalString(relationship, "related_object_type", "Relationship");
    if (related == null || related == JsonLiteral.NULL || type == null) {
      return;
    }
    Map<String, Object> element = Shapes.object(related, "related_object");
    if (element.isEmpty()) {
      return;
    }
    switch (type) {
      case "Event" -> event(Shapes.unwrap(element, "Event"));
      case "Attribute" -> attribute(Shapes.unwrap(element, "Attribute"));
      case "Object" -> object(Shapes.unwrap(element, "Object"));
      case "GalaxyCluster" -> clusterDocument(element);
      case "Note", "Opinion", "Relationship" -> analystData(type, element);
      default -> {
        // other related types (organisations, sharing groups) carry nothing the rules speak of
      }
    }
  }

  private void sharingGroup(Map<String, Object> element, Subject subject) {
    Object group = element.get("SharingGroup");
    if (group != null) {
      checks.sharingGroup(subject, group);
    }
  }

  private static Object required(Map<String, Object> element, String key, Subject subject) {
    Object value = element.get(key);
    if (value == null) {
      throw new MalformedDocument(subject.noun + " has no " + key);
    }
    return value;
  }

  private static boolean hasTagList(Map<String, Object> element, String linkKey) {
    return element.containsKey("Tag") || element.containsKey(linkKey);
  }

  /** Names from the element's Tag list and from its link list ({@code EventTag[].Tag}). */
  private static List<String> tagNames(Map<String, Object> element, String linkKey) {
    if (!hasTagList(element, linkKey)) {
      return List.of();
    }
    List<String> names = new ArrayList<>();
    List<Object> tags = Shapes.list(element.get("Tag"), "Tag");
    for (int i = 0; i < tags.size(); i++) {
      names.add(Shapes.requiredString(Shapes.object(tags.get(i), "Tag"), "name", "Tag"));
    }
    List<Object> links = Shapes.list(element.get(linkKey), linkKey);
    for (int l = 0; l < links.size(); l++) {
      List<Object> linked = Shapes.list(Shapes.object(links.get(l), linkKey).get("Tag"), linkKey + " Tag");
      for (int i = 0; i < linked.size(); i++) {
        names.add(Shapes.requiredString(Shapes.object(linked.get(i), "Tag"), "name", "Tag"));
      }
    }
    return names;
  }
}
