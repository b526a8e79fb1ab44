package org.jrhcs.ccs;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The schema layer: what it accepts, and the administrator's wording of what it rejects. */
class ConfSchemaTest {
    private static List<String> problems(String xml) {
        return ConfSchema.validate(xml.getBytes(StandardCharsets.UTF_8), "s.conf").problems().stream()
                .map(Problem::toString).toList();
    }

    static Stream<Arguments> rejected() {
        return Stream.of(
                Arguments.of("<cluster><clusternodes>\n<clusternode name=\"a\" nodeid=\"1\" votes=\"abc\"/></clusternodes></cluster>",
                        "s.conf:2:47: error: votes=\"abc\" on <clusternode> must be a whole number, 1 or more"),
                Arguments.of("<cluster><clusternodes><clusternode name=\"a\" nodeid=\"0\"/></clusternodes></cluster>",
                        "s.conf:1:58: error: nodeid=\"0\" on <clusternode> must be a whole number, 1 or more"),
                Arguments.of("<cluster><clusternodes><clusternode name=\"a\"/></clusternodes></cluster>",
                        "s.conf:1:47: error: <clusternode> needs a nodeid attribute"),
                Arguments.of("<cluster><cman transport=\"tcp\"/></cluster>",
                        "s.conf:1:33: error: transport=\"tcp\" on <cman> must be one of: udp, udpb, udpu, rdma"),
                Arguments.of("<cluster><cman two_node=\"yes\"/></cluster>",
                        "s.conf:1:32: error: two_node=\"yes\" on <cman> must be 0 or 1"),
                Arguments.of("<cluster><cman expected_vote=\"3\"/></cluster>",
                        "s.conf:1:35: error: <cman> has no attribute expected_vote (misspelt, or in the wrong element?)"),
                Arguments.of("<cluster><qourumd/></cluster>",
                        "s.conf:1:20: error: <qourumd> is not allowed inside <cluster>"),
                Arguments.of("<cluster><quorumd><heuristic/></quorumd></cluster>",
                        "s.conf:1:31: error: <heuristic> needs a program attribute"),
                Arguments.of("<cluster><rm><failoverdomains><failoverdomain name=\"d\"><failoverdomainnode name=\"a\" priority=\"0\"/></failoverdomain></failoverdomains></rm></cluster>",
                        "s.conf:1:99: error: priority=\"0\" on <failoverdomainnode> must be a priority from 1 (most preferred) to 100"),
                Arguments.of("<cluster><rm><service name=\"s\" recovery=\"reboot\"/></rm></cluster>",
                        "s.conf:1:51: error: recovery=\"reboot\" on <service> must be one of: restart, relocate, disable, restart-disable"),
                Arguments.of("<cluster><clusternodes>text</clusternodes></cluster>",
                        "s.conf:1:43: error: <clusternodes> cannot contain text, only elements"),
                Arguments.of("<cluster name=\"a\">\n<cman>\n</cluster>",
                        "s.conf:3:3: error: not well-formed XML: element \"cman\" must be closed by \"</cman>\"."),
                Arguments.of("<cluster name=\"a\">\n<cman/>\n",
                        "s.conf:3:1: error: the file ends before the XML is complete (is it truncated?)"),
                Arguments.of("", "s.conf:1:1: error: the file ends before the XML is complete (is it truncated?)"),
                Arguments.of("<service name=\"x\"/>", "s.conf:1:20: error: the top element is <service>, expected <cluster>"));
    }

    @ParameterizedTest @MethodSource("rejected")
    void rejectsWithOneClearMessage(String xml, String expected) {
        assertEquals(List.of(expected), problems(xml));
    }

    @Test void wordingDoesNotDependOnTheLocale() {
        java.util.Locale saved = java.util.Locale.getDefault();
        java.util.Locale.setDefault(java.util.Locale.GERMANY);
        try {
            assertEquals(List.of("s.conf:1:33: error: transport=\"tcp\" on <cman> must be one of: udp, udpb, udpu, rdma"),
                    problems("<cluster><cman transport=\"tcp\"/></cluster>"));
            assertEquals(java.util.Locale.GERMANY, java.util.Locale.getDefault(), "the locale is restored");
        } finally {
            java.util.Locale.setDefault(saved);
        }
    }

    @Test void openContentUnderRm() {
        assertEquals(List.of(), problems("""
                <cluster name="c" config_version="1">
                  <rm central_processing="0">
                    <resources><myagent anything="goes"><nested deeper="yes"/></myagent></resources>
                    <resource-defaults/>
                    <dependencies><dependency name="service:a"/></dependencies>
                    <service name="a" __independent_subtree="1" nfslock="1"><ip address="198.18.0.1"><fs name="x"><script name="y" file="/z"/></fs></ip></service>
                    <vm name="v" migrate="live"/>
                    <events><event name="e" class="node">script text</event></events>
                  </rm>
                </cluster>
                """));
    }

    @Test void agentParametersOnFenceDevices() {
        assertEquals(List.of(), problems("""
                <cluster name="c" config_version="1">
                  <clusternodes><clusternode name="a" nodeid="1"><fence><method name="1">
                    <device name="ipmi" port="3" delay="15" action="off"/></method></fence></clusternode></clusternodes>
                  <fencedevices><fencedevice name="ipmi" agent="fence_ipmilan" ipaddr="198.18.0.7" login="admin" passwd="x"/></fencedevices>
                </cluster>
                """));
    }

    @Test void everyRhcsSectionIsKnown() {
        assertEquals(List.of(), problems("""
                <cluster name="c" config_version="1" alias="x">
                  <cman two_node="0" expected_votes="3" quorum_dev_poll="10000" shutdown_timeout="5000" port="5405" cluster_id="7"
                        keyfile="/k" transport="udpu" wait_for_all="1" last_man_standing="1" last_man_standing_window="10000">
                    <multicast addr="239.192.0.1" ttl="1" port="5405"/></cman>
                  <totem token="21000" join="60" consensus="4800" token_retransmits_before_loss_const="20" secauth="on" keyfile="/k" rrp_mode="none">
                    <interface ringnumber="0" bindnetaddr="198.18.0.0" mcastaddr="239.192.0.1" mcastport="5405"/></totem>
                  <quorumd interval="1" tko="10" votes="2" label="q" min_score="1" master_wins="0" allow_kill="1" reboot="1" paranoid="0"
                           io_timeout="0" max_error_cycles="0" stop_cman="0" scheduler="rr" priority="1" use_uptime="1" tko_up="3" upgrade_wait="2" master_wait="5">
                    <heuristic program="ping -c1 198.18.0.1" score="1" interval="2" tko="3"/></quorumd>
                  <fence_daemon post_join_delay="-1" post_fail_delay="0" clean_start="0" override_path="/x" override_time="3" skip_undefined="0"/>
                  <logging to_syslog="yes" syslog_facility="daemon" debug="off"><logging_daemon name="qdiskd" debug="on"/></logging>
                  <dlm protocol="tcp" enable_fencing="1"/>
                  <gfs_controld enable_withdraw="1"/>
                  <clusternodes><clusternode name="a" nodeid="1" votes="1" weight="1"><altname name="a2" port="6809" mcast="239.192.0.2"/>
                    <fence/><unfence><device name="san"/></unfence></clusternode></clusternodes>
                  <fencedevices/>
                  <rm log_level="5" status_poll_interval="10"/>
                  <x:ext xmlns:x="urn:example"/>
                </cluster>
                """));
    }
}
