using System;
using System.Collections.Generic;
using HeaderGen.Stack.Routing;

namespace HeaderGen.Stack.Hosts;

/// <summary>A route: traffic for <see cref="Prefix"/>/<see cref="Length"/> leaves by <see cref="Interface"/>, to <see cref="Gateway"/> or, on-link, to the destination itself.</summary>
public sealed record Route(HeaderGen.Ipv4Address Prefix, int Length, NetworkInterface Interface, HeaderGen.Ipv4Address? Gateway)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Prefix}/{Length} {(Gateway is { } g ? $"via {g} " : "")}dev {Interface.Nic.Name}";
}

/// <summary>
/// A host's routing table with longest-prefix match: one hash table per prefix length present, searched from the
/// longest; a lookup costs at most one probe per distinct length and allocates nothing.
/// </summary>
public sealed class RoutingTable
{
    private readonly Dictionary<uint, Route>?[] _byLength = new Dictionary<uint, Route>?[33];
    private int[] _lengths = [];

    /// <summary>Every route, most specific first.</summary>
    public IEnumerable<Route> Routes
    {
        get
        {
            foreach (int length in _lengths)
            {
                foreach (var route in _byLength[length]!.Values)
                {
                    yield return route;
                }
            }
        }
    }

    /// <summary>Adds or replaces the route for its prefix.</summary>
    public void Add(Route route)
    {
        if (route.Length is < 0 or > 32)
        {
            throw new ArgumentOutOfRangeException(nameof(route), route.Length, "A prefix length is 0 to 32.");
        }
        var table = _byLength[route.Length] ??= new Dictionary<uint, Route>();
        table[route.Prefix.Value & Prefix.Mask(route.Length)] = route with { Prefix = new HeaderGen.Ipv4Address(route.Prefix.Value & Prefix.Mask(route.Length)) };
        var lengths = new List<int>();
        for (int length = 32; length >= 0; length--)
        {
            if (_byLength[length] is { Count: > 0 })
            {
                lengths.Add(length);
            }
        }
        _lengths = lengths.ToArray();
    }

    /// <summary>The most specific route to <paramref name="destination"/>, or null.</summary>
    public Route? Lookup(HeaderGen.Ipv4Address destination)
    {
        uint address = destination.Value;
        foreach (int length in _lengths)
        {
            if (_byLength[length]!.TryGetValue(address & Prefix.Mask(length), out var route))
            {
                return route;
            }
        }
        return null;
    }
}
