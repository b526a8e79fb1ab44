package org.jrhcs.rg.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SubtreeRecoveryTest {

    @Test
    void independentNonCriticalAndToleratedFailures() throws Exception {
        ResourceTree t = TreeBuilderTest.build("""
                <service name="s">
                  <script name="plain" file="/p"/>
                  <script name="indep" file="/i" __independent_subtree="1"><script name="inner" file="/in"/></script>
                  <script name="nc" file="/n" __independent_subtree="2"/>
                  <script name="flaky" file="/f" __max_failures="2" __failure_expire_time="60"/>
                </service>""");
        ResourceNode s = t.service("s").orElseThrow();
        ResourceNode plain = s.children().get(0), indep = s.children().get(1), inner = indep.children().get(0),
                nc = s.children().get(2), flaky = s.children().get(3);

        record Row(ResourceNode failed, List<Long> earlier, long now, SubtreeRecovery.Kind kind, ResourceNode scope) {}
        List<Row> table = List.of(
                new Row(plain, List.of(), 100, SubtreeRecovery.Kind.RECOVER_SERVICE, s),
                new Row(indep, List.of(), 100, SubtreeRecovery.Kind.RESTART_SUBTREE, indep),
                new Row(inner, List.of(), 100, SubtreeRecovery.Kind.RESTART_SUBTREE, indep),
                new Row(nc, List.of(), 100, SubtreeRecovery.Kind.STOP_SUBTREE, nc),
                new Row(flaky, List.of(), 100, SubtreeRecovery.Kind.IGNORE, flaky),
                new Row(flaky, List.of(50L), 100, SubtreeRecovery.Kind.IGNORE, flaky),
                new Row(flaky, List.of(50L, 70L), 100, SubtreeRecovery.Kind.RECOVER_SERVICE, s),
                new Row(flaky, List.of(10L, 30L), 100, SubtreeRecovery.Kind.IGNORE, flaky), // both expired
                new Row(s, List.of(), 100, SubtreeRecovery.Kind.RECOVER_SERVICE, s));
        for (Row r : table) {
            SubtreeRecovery.Decision d = SubtreeRecovery.onStatusFailure(s, r.failed(), r.earlier(), r.now());
            assertEquals(r.kind(), d.kind(), r.toString());
            assertEquals(r.scope(), d.scope(), r.toString());
        }
    }
}
