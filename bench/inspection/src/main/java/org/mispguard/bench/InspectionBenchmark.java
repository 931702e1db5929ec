package org.mispguard.bench;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.mispguard.config.RuleSet;
import org.mispguard.policy.inspect.DocumentKind;
import org.mispguard.policy.inspect.Finding;
import org.mispguard.policy.inspect.Inspector;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** One proxy verdict (stop at the first finding) on a pushed event, on one thread. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class InspectionBenchmark {

  /** The documents measured, by name; their sizes turn operations per second into MB/s. */
  public enum Document {
    LARGE_CLEAN(50_000, false),
    LARGE_BLOCKED(50_000, true),
    SMALL_CLEAN(20, false);

    private final int attributes;
    private final boolean blocked;

    Document(int attributes, boolean blocked) {
      this.attributes = attributes;
      this.blocked = blocked;
    }

    byte[] bytes() {
      return EventGenerator.event(attributes, blocked);
    }
  }

  static final List<RuleSet> RULES =
      List.of(
          new RuleSet(
              "inst_a", RuleSet.Origin.INSTANCE, "", Set.of("tlp:red"), Set.of(), Map.of(), Set.of(0),
              Set.of("b9e656ba-b9c0-4506-83ed-7b54b43a57cb"), Set.of(EventGenerator.BLOCKED_TYPE), Set.of(),
              Set.of("person")));

  @Param({"LARGE_CLEAN", "LARGE_BLOCKED", "SMALL_CLEAN"})
  public Document document;

  private byte[] body;

  /** A benchmark of the wrong verdict would measure nothing useful. */
  @Setup
  public void prepare() {
    body = document.bytes();
    List<Finding> findings = inspect();
    if (findings.isEmpty() == document.blocked) {
      throw new IllegalStateException(document + " judged " + findings);
    }
  }

  @Benchmark
  public List<Finding> inspect() {
    return Inspector.inspect(DocumentKind.EVENT, body, RULES, null, false);
  }
}
