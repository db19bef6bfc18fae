using System;
using System.Collections.Generic;
using HeaderGen.Protocols;
using HeaderGen.Stack.Devices;
using HeaderGen.Stack.Simulation;
using HeaderGen.Stack.Tracing;

namespace HeaderGen.Stack.Wire;

/// <summary>
/// A learning switch for a shared segment: it learns which port each source MAC address is on, sends unicast
/// frames only to their port, and floods broadcasts, multicasts and unknown destinations to every other port.
/// </summary>
public sealed class EthernetSwitch
{
    private readonly InFlightFrames _frames;
    private readonly List<Port> _ports = new();
    private readonly Dictionary<MacAddress, int> _table = new();

    /// <summary>Creates a switch whose ports (and their cables) have <paramref name="options"/>.</summary>
    public EthernetSwitch(string name, Scheduler scheduler, ITraceSink? trace = null, LinkOptions? options = null)
    {
        Name = name;
        Options = options ?? new LinkOptions();
        _frames = new InFlightFrames(scheduler, trace ?? NoTrace.Instance, name);
    }

    /// <summary>The switch's name in traces.</summary>
    public string Name { get; }

    /// <summary>The properties of every port's cable.</summary>
    public LinkOptions Options { get; }

    /// <summary>The learned MAC address table: address to port.</summary>
    public IReadOnlyDictionary<MacAddress, int> AddressTable => _table;

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
            _table[source] = ingress;
        }
        long delay = serialization + Options.Latency;
        var destination = ethernet.Destination;
        if (!destination.IsGroup && _table.TryGetValue(destination, out int egress))
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

    private sealed class Port(EthernetSwitch owner, int index, Nic nic) : IWire
    {
        public int Index { get; } = index;

        public Nic Nic { get; } = nic;

        public long Send(Nic from, ReadOnlySpan<byte> frame) => owner.Forward(Index, frame);
    }
}
