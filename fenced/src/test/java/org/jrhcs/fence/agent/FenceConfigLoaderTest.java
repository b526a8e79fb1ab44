package org.jrhcs.fence.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.jrhcs.ccs.ConfDocument;
import org.jrhcs.fence.core.DeviceCall;
import org.jrhcs.fence.core.FenceConfig;
import org.jrhcs.fence.core.NodeFencing;
import org.junit.jupiter.api.Test;

class FenceConfigLoaderTest {
    private static final String CONF = """
            <?xml version="1.0"?>
            <cluster name="c" config_version="1">
              <fence_daemon post_fail_delay="2" post_join_delay="-1" override_time="5" clean_start="1"/>
              <clusternodes>
                <clusternode name="web1" nodeid="1">
                  <fence>
                    <method name="power">
                      <device name="apc" port="1" switch="2"/>
                      <device name="nowhere"/>
                    </method>
                    <method name="san"><device name="noagent"/></method>
                  </fence>
                  <unfence><device name="apc" port="1" action="enable"/></unfence>
                </clusternode>
                <clusternode name="web2" nodeid="2"/>
              </clusternodes>
              <fencedevices>
                <fencedevice name="apc" agent="fence_apc" ipaddr="10.0.0.9" login="admin" port="99"/>
                <fencedevice name="noagent"/>
              </fencedevices>
            </cluster>
            """;

    @Test
    void devicesMergeFenceDeviceAndNodeAttributesAndBadDevicesCarryTheirLocation() throws Exception {
        FenceConfig c = FenceConfigLoader.load(ConfDocument.parse(CONF, "cluster.conf"));
        assertEquals(2000, c.settings().postFailDelayMs());
        assertEquals(-1, c.settings().postJoinDelayMs());
        assertEquals(5000, c.settings().overrideTimeMs());
        assertTrue(c.settings().cleanStart());
        NodeFencing web1 = c.node("web1").orElseThrow();
        DeviceCall apc = web1.methods().get(0).devices().get(0);
        assertEquals("fence_apc", apc.agent());
        assertNull(apc.problem());
        assertEquals(Map.of("ipaddr", "10.0.0.9", "login", "admin", "port", "1", "switch", "2"), apc.args(),
                "the node's port overrides the device's");
        assertEquals("cluster.conf:9:35: fence device \"nowhere\" is not defined in <fencedevices>",
                web1.methods().get(0).devices().get(1).problem());
        assertTrue(web1.methods().get(1).devices().get(0).problem().endsWith("fence device \"noagent\" has no agent"));
        assertEquals("enable", web1.unfence().get(0).args().get("action"));
        assertTrue(c.node("web2").orElseThrow().methods().isEmpty());
    }

    @Test
    void defaultsComeFromDefaults() throws Exception {
        FenceConfig c = FenceConfigLoader.load(ConfDocument.parse(
                "<cluster name=\"c\" config_version=\"1\"><clusternodes/></cluster>", "cluster.conf"));
        assertEquals(6000, c.settings().postJoinDelayMs());
        assertEquals(0, c.settings().postFailDelayMs());
        assertEquals(3000, c.settings().overrideTimeMs());
    }
}
