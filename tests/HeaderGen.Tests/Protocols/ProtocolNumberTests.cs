using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using HeaderGen.Protocols;
using Xunit;

namespace HeaderGen.Tests.Protocols;

/// <summary>
/// The named protocol numbers against the system's own tables (Debian's netbase: <c>/etc/protocols</c> from IANA's
/// "Assigned Internet Protocol Numbers", <c>/etc/ethertypes</c> from IEEE's EtherType list), so a member cannot carry
/// a wrong number. Every member is checked, and every member must be found under one of its names there.
/// </summary>
public class ProtocolNumberTests
{
    // Each IpProtocol member and the netbase alias it goes by (IANA's keyword, upper-case).
    private static readonly Dictionary<IpProtocol, string> IanaKeywords = new()
    {
        [IpProtocol.HopByHopOptions] = "HOPOPT",
        [IpProtocol.Icmp] = "ICMP",
        [IpProtocol.Igmp] = "IGMP",
        [IpProtocol.Ipv4] = "IP-ENCAP",
        [IpProtocol.Tcp] = "TCP",
        [IpProtocol.Udp] = "UDP",
        [IpProtocol.Ipv6] = "IPv6",
        [IpProtocol.Ipv6Routing] = "IPv6-Route",
        [IpProtocol.Ipv6Fragment] = "IPv6-Frag",
        [IpProtocol.Gre] = "GRE",
        [IpProtocol.Esp] = "IPSEC-ESP",
        [IpProtocol.Ah] = "IPSEC-AH",
        [IpProtocol.IcmpV6] = "IPv6-ICMP",
        [IpProtocol.Ipv6NoNextHeader] = "IPv6-NoNxt",
        [IpProtocol.Ipv6DestinationOptions] = "IPv6-Opts",
        [IpProtocol.Sctp] = "SCTP",
    };

    // Each EtherType member and its netbase name; the two local experimental values are IEEE 802's, not in netbase.
    private static readonly Dictionary<EtherType, string> EtherTypeNames = new()
    {
        [EtherType.Ipv4] = "IPv4",
        [EtherType.Arp] = "ARP",
        [EtherType.TransparentEthernetBridging] = "TEB",
        [EtherType.Vlan] = "802_1Q",
        [EtherType.Ipv6] = "IPv6",
        [EtherType.Mpls] = "MPLS",
        [EtherType.MplsMulticast] = "MPLS_MULTI",
        [EtherType.QinQ] = "S-TAG",
    };

    [Fact]
    public void Every_ip_protocol_number_is_the_one_etc_protocols_gives()
    {
        // "name  number  ALIAS ...  # comment"
        var table = Lines("/etc/protocols")
            .Select(fields => (Number: int.Parse(fields[1]), Names: fields.Where((_, i) => i != 1).ToArray()))
            .ToList();
        Assert.Equal(Enum.GetValues<IpProtocol>().Length, IanaKeywords.Count);
        foreach (var (member, keyword) in IanaKeywords)
        {
            var entry = table.Where(e => e.Names.Contains(keyword, StringComparer.OrdinalIgnoreCase)).ToList();
            Assert.True(entry.Count == 1, $"{keyword} is not in /etc/protocols once");
            Assert.Equal((entry[0].Number, member.ToString()), ((int)member, member.ToString()));
        }
    }

    [Fact]
    public void Every_ether_type_but_the_local_experimental_ones_is_the_one_etc_ethertypes_gives()
    {
        // "NAME  hex  aliases  # comment"
        var table = Lines("/etc/ethertypes").ToDictionary(fields => fields[0], fields => Convert.ToInt32(fields[1], 16));
        Assert.Equal(Enum.GetValues<EtherType>().Length - 2, EtherTypeNames.Count);
        Assert.Equal((0x88B5, 0x88B6), ((int)EtherType.LocalExperimental1, (int)EtherType.LocalExperimental2));   // IEEE 802 clause 9.2.2
        foreach (var (member, name) in EtherTypeNames)
        {
            Assert.True(table.ContainsKey(name), $"{name} is not in /etc/ethertypes");
            Assert.Equal((table[name], member.ToString()), ((int)member, member.ToString()));
        }
    }

    private static IEnumerable<string[]> Lines(string path)
    {
        Assert.True(File.Exists(path), $"{path} is missing: install Debian's netbase package (.ci/run does)");
        return File.ReadLines(path)
            .Select(line => line.Split('#')[0].Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields.Length >= 2);
    }
}
