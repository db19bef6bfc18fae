using HeaderGen.Stack.Devices;
using HeaderGen.Stack.Routing;

namespace HeaderGen.Stack.Hosts;

/// <summary>A host's interface: a NIC with an IPv4 address and prefix.</summary>
public sealed class NetworkInterface
{
    internal NetworkInterface(Nic nic, Ipv4Address address, int prefixLength)
    {
        Nic = nic;
        Address = address;
        PrefixLength = prefixLength;
    }

    /// <summary>The NIC.</summary>
    public Nic Nic { get; }

    /// <summary>The interface's IPv4 address.</summary>
    public Ipv4Address Address { get; }

    /// <summary>The on-link prefix length.</summary>
    public int PrefixLength { get; }

    /// <summary>What a router forwarded through this interface and dropped from it, by reason (zero on a host).</summary>
    public ForwardingCounters Forwarding { get; } = new();

    /// <summary>The interface's neighbour table (ARP cache): what was learned on this link only.</summary>
    public NeighborTable Neighbors { get; } = new();

    /// <summary>ARP resolutions in progress on this link, by next hop.</summary>
    internal System.Collections.Generic.Dictionary<Ipv4Address, ArpLayer.Resolution> PendingResolutions { get; } = new();

    /// <summary>The largest IPv4 packet the interface sends and takes: its NIC's MTU.</summary>
    public int Mtu => Nic.Options.Mtu;

    /// <summary>The MAC address of the NIC.</summary>
    public MacAddress MacAddress => Nic.Address;

    /// <summary>The subnet's directed broadcast address.</summary>
    public Ipv4Address SubnetBroadcast => new(Address.Value | ~Prefix.Mask(PrefixLength));

    /// <inheritdoc/>
    public override string ToString() => $"{Nic.Name} {Address}/{PrefixLength} {MacAddress}";
}
