package org.mispguard.policy.inspect;

/**
 * One reason to block a document.
 *
 * @param reason the SPEC §5.7 wording, rule suffix included ({@code ". blocked by rule: ID"})
 * @param ruleId the id of the rule set that matched, or empty for structural problems
 */
public record Finding(String reason, String ruleId) {}
