using System;
using System.Collections.Generic;
using HeaderGen.Protocols;
using HeaderGen.Stack.Devices;
using HeaderGen.Stack.Simulation;
using HeaderGen.Stack.Tracing;

namespace HeaderGen.Stack.Wire;

/// <summary>
/// A learning switch for a shared segment: it learns which port each source MAC address is on, sends unicast
/// frames only to their port, and floods broadcasts, multicasts and unknown destinations to every other port. Its
/// address table is bounded: entries age out after <see cref="AgeingTime"/> (IEEE 802.1D's default is 300 s), and
/// when the table is full of live entries a new address is not learned (counted; its frames are flooded), which is
/// how a switch survives a MAC flood.
/// </summary>
public sealed class EthernetSwitch
{
    /// <summary>Addresses the table holds by default.</summary>
    public const int DefaultCapacity = 8192;

    /// <summary>IEEE 802.1D's default ageing time.</summary>
    public const long DefaultAgeingTime = 300 * Scheduler.Second;

    private readonly InFlightFrames _frames;
    private readonly Scheduler _scheduler;
    private readonly List<Port> _ports = new();
    private readonly Dictionary<MacAddress, (int Port, long LastSeen)> _table = new();

    /// <summary>Creates a switch whose ports (and their cables) have <paramref name="options"/>.</summary>
    public EthernetSwitch(string name, Scheduler scheduler, ITraceSink? trace = null, LinkOptions? options = null)
    {
        Name = name;
        Options = options ?? new LinkOptions();
        _scheduler = scheduler;
        _frames = new InFlightFrames(scheduler, trace ?? NoTrace.Instance, name);
    }

    /// <summary>The most addresses the table holds.</summary>
    public int Capacity { get; init; } = DefaultCapacity;

    /// <summary>How long an address stays in the table after its last frame, in nanoseconds.</summary>
    public long AgeingTime { get; init; } = DefaultAgeingTime;

    /// <summary>Source addresses not learned because the table was full of live entries.</summary>
    public long TableFull { get; private set; }

    /// <summary>Entries removed because they aged out.</summary>
    public long AgedOut { get; private set; }

    /// <summary>The switch's name in traces.</summary>
    public string Name { get; }

    /// <summary>The properties of every port's cable.</summary>
    public LinkOptions Options { get; }

    /// <summary>Addresses in the table (aged ones not yet swept included).</summary>
    public int AddressCount => _table.Count;

    /// <summary>The port <paramref name="address"/> was last seen on, if it has not aged out.</summary>
    public bool TryGetPort(MacAddress address, out int port)
    {
        if (_table.TryGetValue(address, out var entry) && _scheduler.Now - entry.LastSeen < AgeingTime)
        {
            port = entry.Port;
            return true;
        }
        port = -1;
        return false;
    }

    /// <summary>Plugs <paramref name="nic"/> into a new port.</summary>
    public void Connect(Nic nic)
    {
        var port = new Port(this, _ports.Count, nic);
        _ports.Add(port);
        nic.Attach(port);
    }

    private long Forward(int ingress, ReadOnlySpan<byte> frame)
    {
        long serialization = InFlightFrames.SerializationTime(frame.Length, Options);
        if (frame.Length < EthernetHeader.FixedLength)
        {
            return serialization;
        }
        var ethernet = EthernetHeader.ReadOnlyView.CreateUnchecked(frame);
        var source = ethernet.Source;
        if (!source.IsGroup)
        {
            Learn(source, ingress);
        }
        long delay = serialization + Options.Latency;
        var destination = ethernet.Destination;
        if (!destination.IsGroup && TryGetPort(destination, out int egress))
        {
            if (egress != ingress)
            {
                _frames.Deliver(frame, _ports[egress].Nic, delay, Options);
            }
            return serialization;
        }
        foreach (var port in _ports)
        {
            if (port.Index != ingress)
            {
                _frames.Deliver(frame, port.Nic, delay, Options);
            }
        }
        return serialization;
    }

    private void Learn(MacAddress source, int port)
    {
        long now = _scheduler.Now;
        if (_table.ContainsKey(source) || _table.Count < Capacity || Sweep(now) > 0)
        {
            _table[source] = (port, now);
            return;
        }
        TableFull++;
    }

    private int Sweep(long now)
    {
        int removed = 0;
        foreach (var (address, entry) in _table)
        {
            if (now - entry.LastSeen >= AgeingTime)
            {
                _table.Remove(address);
                removed++;
            }
        }
        AgedOut += removed;
        return removed;
    }

    private sealed class Port(EthernetSwitch owner, int index, Nic nic) : IWire
    {
        public int Index { get; } = index;

        public Nic Nic { get; } = nic;

        public long Send(Nic from, ReadOnlySpan<byte> frame) => owner.Forward(Index, frame);
    }
}
