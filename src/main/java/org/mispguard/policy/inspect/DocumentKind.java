package org.mispguard.policy.inspect;

/** The shapes of MISP document that cross the guard (SPEC §4.3 "what is inspected"). */
public enum DocumentKind {
  /** {@code {"Event": {...}}}: /events/add, /events/edit (request), /events/view (response). */
  EVENT,
  /** Request of /events/pushProposals: a list of ShadowAttribute objects (bare or wrapped). */
  PROPOSALS,
  /** Response of /shadow_attributes/index: a list of {@code {"ShadowAttribute": {...}}}. */
  SHADOW_ATTRIBUTE_INDEX,
  /** Request of /galaxies/pushCluster: a list of {@code {"GalaxyCluster": {...}}}. */
  GALAXY_CLUSTER_LIST,
  /** Response of /galaxy_clusters/view: {@code {"GalaxyCluster": {...}}}. */
  GALAXY_CLUSTER,
  /** Response of /analyst_data/index/TYPE/...: analyst data (Note, Opinion, Relationship) documents. */
  ANALYST_DATA_INDEX,
  /** Request of /analyst_data/pushAnalystData: analyst data documents. */
  ANALYST_DATA_PUSH
}
