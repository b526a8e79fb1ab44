package org.jrhcs.tools.clustat;

import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jrhcs.rg.client.ServiceInfo;
import org.jrhcs.tools.TimeText;
import org.jrhcs.tools.clustat.ClusterSnapshot.Member;

/**
 * clustat's text and XML output, byte for byte as RHCS prints them: member names in a
 * column half the terminal wide, service name and owner columns splitting what the
 * 14-character state column leaves, the last owner in parentheses for stopped,
 * disabled and failed services. Pure: the snapshot, the options, the time and the
 * terminal width in; the text and the exit status out.
 *
 * <p>Start-up matters here (DESIGN.md: a tool within 2x a bare JVM start): no
 * {@code String.format}, {@code DateTimeFormatter}, streams or lambdas, each of which
 * costs a tool several milliseconds of class loading and bootstrapping on first use.
 */
public final class ClustatFormat {
    private static final int MAX_HOSTNAME = 64;

    /** Text and the exit status clustat returns for it. */
    public record Output(String text, int status) {}

    /** @param member -m NAME or null; @param service -s NAME (already "service:"-qualified) or null */
    public record Options(String member, String service, boolean longForm, boolean tty, int columns) {}

    private ClustatFormat() {}

    /** C's ctime() without the newline: {@code Thu Sep 22 11:26:56 2011}, English names, day padded with a space. */
    public static String ctime(ZonedDateTime t) { return TimeText.ctime(t); }

    public static Output text(ClusterSnapshot s, Options o, ZonedDateTime now) {
        StringBuilder out = new StringBuilder();
        int status = 0;
        if (o.service() == null && o.member() == null) {
            out.append("Cluster Status for ").append(s.clusterName()).append(" @ ").append(ctime(now)).append('\n');
            out.append("Member Status: ").append(s.quorate() ? "Quorate" : "Inquorate").append("\n\n");
            if (s.services() == null)
                out.append("Resource Group Manager not running; no service information available.\n\n");
        }
        if (o.service() == null || o.member() != null) {
            int memberStatus = members(s, o, out);
            if (o.member() != null && memberStatus != 0) status = memberStatus;
        }
        if (s.services() != null && (o.member() == null || o.service() != null)) {
            int serviceStatus = services(s, o, out);
            if (o.service() != null && serviceStatus != 0 && status == 0) status = serviceStatus;
        }
        return new Output(out.toString(), status);
    }

    private static int members(ClusterSnapshot s, Options o, StringBuilder out) {
        int width = Math.min(o.columns() / 2, MAX_HOSTNAME);
        List<Member> sorted = ordered(s.members());
        if (o.member() == null) {
            header(out, width);
            for (Member m : sorted) memberLine(out, m, width, s);
            out.append('\n');
            return 0;
        }
        for (Member m : sorted) {
            if (!m.name().equals(o.member())) continue;
            header(out, width);
            memberLine(out, m, width, s);
            return m.online() ? 0 : 1;
        }
        return -1;
    }

    private static void header(StringBuilder out, int width) {
        out.append(' ').append(fit("Member Name", width)).append(fit("ID", 4)).append(" Status\n");
        out.append(' ').append(fit("------ ----", width)).append(fit("----", 4)).append(" ------\n");
    }

    private static void memberLine(StringBuilder out, Member m, int width, ClusterSnapshot s) {
        if (m.estranged() && !m.online()) return;
        out.append(' ').append(fit(m.name(), width)).append(' ')
           .append(TimeText.padLeft(Integer.toString(m.nodeId()), 4, ' ')).append(' ')
           .append(m.online() ? "Online" : "Offline");
        if (m.local()) out.append(", Local");
        if (m.estranged()) out.append(", Estranged");
        if (m.rgmanager()) {
            boolean masterKnown = false;
            for (Member other : s.members()) masterKnown |= other.rgMaster();
            out.append(masterKnown ? (m.rgMaster() ? ", RG-Master" : ", RG-Worker") : ", rgmanager");
        }
        if (m.quorumDisk()) out.append(", Quorum Disk");
        out.append('\n');
    }

    private static int services(ClusterSnapshot s, Options o, StringBuilder out) {
        int stat = 14;
        int svc = Math.min((o.columns() - (stat + 6)) / 2, MAX_HOSTNAME);
        int node = svc;
        List<ServiceInfo> sorted = byName(s.services());
        int ret = o.service() != null ? -1 : 0;
        if (o.longForm()) out.append("Service Information\n------- -----------\n\n");
        else if (o.service() == null) serviceHeader(out, svc, node, stat);
        for (ServiceInfo si : sorted) {
            if (o.service() != null) {
                if (!si.name().equals(o.service())) continue;
                if (!o.longForm()) serviceHeader(out, svc, node, stat);
            }
            if (o.longForm()) longService(out, si);
            else serviceLine(out, si, svc, node, stat, o.tty());
            if (o.service() != null) ret = si.isRunning() ? 0 : si.stateCode();
        }
        return ret;
    }

    private static void serviceHeader(StringBuilder out, int svc, int node, int stat) {
        out.append(' ').append(fit("Service Name", svc)).append(' ').append(fit("Owner (Last)", node)).append(' ')
           .append(fit("State", stat)).append('\n');
        out.append(' ').append(fit("------- ----", svc)).append(' ').append(fit("----- ------", node)).append(' ')
           .append(fit("-----", stat)).append('\n');
    }

    private static void serviceLine(StringBuilder out, ServiceInfo si, int svc, int node, int stat, boolean tty) {
        String name = si.name();
        if (tty && name.startsWith("service:")) name = name.substring("service:".length());
        String owner;
        if (showsLastOwner(si.state())) {
            String last = orNone(si.lastOwner());
            owner = "(" + (last.length() > node - 2 ? last.substring(0, node - 2) : last) + ")";
        } else {
            owner = orNone(si.owner());
        }
        String state = si.frozen() ? fit(si.state(), stat - 3) + "[Z]" : si.state();
        out.append(' ').append(fit(name, svc)).append(' ').append(fit(owner, node)).append(' ')
           .append(fit(state, stat)).append('\n');
    }

    private static void longService(StringBuilder out, ServiceInfo si) {
        out.append("Service Name      : ").append(si.name()).append('\n');
        out.append("  Current State   : ").append(si.state()).append(" (").append(si.stateCode()).append(")\n");
        out.append("  Flags           : ").append(si.frozen() ? "frozen (1)" : "none (0)").append('\n');
        out.append("  Owner           : ").append(orNone(si.owner())).append('\n');
        out.append("  Last Owner      : ").append(orNone(si.lastOwner())).append('\n');
        out.append("  Last Transition : ").append(ctime(epoch(si.lastTransition()))).append("\n\n");
    }

    public static Output xml(ClusterSnapshot s, Options o) {
        StringBuilder out = new StringBuilder("<?xml version=\"1.0\"?>\n<clustat version=\"4.1.1\">\n");
        if (o.service() == null && o.member() == null) {
            out.append("  <cluster name=\"").append(esc(s.clusterName())).append("\" id=\"").append(s.clusterId())
               .append("\" generation=\"").append(s.generation()).append("\"/>\n");
            boolean localRg = false;
            for (Member m : s.members()) localRg |= m.local() && m.rgmanager();
            out.append("  <quorum quorate=\"").append(s.quorate() ? "1\"" : "0\"\n")
               .append(" groupmember=\"").append(s.quorate() && localRg ? 1 : 0).append("\"/>\n");
        }
        int status = 0;
        if (o.service() == null || o.member() != null) {
            out.append("  <nodes>\n");
            for (Member m : ordered(s.members())) {
                if (o.member() != null && !m.name().equals(o.member())) continue;
                if (m.estranged() && !m.online()) continue;
                out.append("    <node name=\"").append(esc(m.name())).append("\" state=\"").append(m.online() ? 1 : 0)
                   .append("\" local=\"").append(m.local() ? 1 : 0).append("\" estranged=\"").append(m.estranged() ? 1 : 0)
                   .append("\" rgmanager=\"").append(m.rgmanager() ? 1 : 0).append("\" rgmanager_master=\"")
                   .append(m.rgMaster() ? 1 : 0).append("\" qdisk=\"").append(m.quorumDisk() ? 1 : 0)
                   .append("\" nodeid=\"").append(hex8(m.nodeId())).append("\"/>\n");
                if (o.member() != null) status = m.online() ? 0 : 1;
            }
            out.append("  </nodes>\n");
        }
        if (s.services() != null && (o.member() == null || o.service() != null)) {
            out.append("  <groups>\n");
            for (ServiceInfo si : byName(s.services())) {
                if (o.service() != null && !si.name().equals(o.service())) continue;
                out.append("    <group name=\"").append(esc(si.name())).append("\" state=\"").append(si.stateCode())
                   .append("\" state_str=\"").append(si.state()).append("\" flags=\"").append(si.frozen() ? 1 : 0)
                   .append("\" flags_str=\"").append(si.frozen() ? "frozen" : "").append("\" owner=\"")
                   .append(esc(orNone(si.owner()))).append("\" last_owner=\"").append(esc(orNone(si.lastOwner())))
                   .append("\" restarts=\"").append(si.restarts()).append("\" last_transition=\"")
                   .append(si.lastTransition()).append("\" last_transition_str=\"")
                   .append(ctime(epoch(si.lastTransition()))).append("\"/>\n");
                if (o.service() != null && !si.isRunning()) status = si.stateCode();
            }
            out.append("  </groups>\n");
        }
        out.append("</clustat>\n");
        return new Output(out.toString(), status);
    }

    /** Configured nodes by id, then the quorum disk, which clustat lists after them. */
    private static List<Member> ordered(List<Member> members) {
        List<Member> sorted = new ArrayList<>(members);
        sorted.sort(new Comparator<Member>() {
            @Override public int compare(Member a, Member b) {
                if (a.quorumDisk() != b.quorumDisk()) return a.quorumDisk() ? 1 : -1;
                return Integer.compare(a.nodeId(), b.nodeId());
            }
        });
        return sorted;
    }

    private static List<ServiceInfo> byName(List<ServiceInfo> services) {
        List<ServiceInfo> sorted = new ArrayList<>(services);
        sorted.sort(new Comparator<ServiceInfo>() {
            @Override public int compare(ServiceInfo a, ServiceInfo b) { return a.name().compareTo(b.name()); }
        });
        return sorted;
    }

    /** printf's {@code 0x%08x}. */
    static String hex8(int v) {
        return "0x" + TimeText.padLeft(Integer.toHexString(v), 8, '0');
    }

    static boolean showsLastOwner(String state) {
        return state.equals("stopped") || state.equals("disabled") || state.equals("failed");
    }

    private static ZonedDateTime epoch(long seconds) { return TimeText.local(seconds * 1000); }

    private static String orNone(String s) { return s == null || s.isEmpty() ? "none" : s; }

    /** printf's {@code %-N.Ns}: cut to N, pad to N. */
    static String fit(String s, int width) {
        if (s.length() >= width) return s.substring(0, width);
        return s + " ".repeat(width - s.length());
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
