using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using HeaderGen.Stack.Devices;
using HeaderGen.Stack.Simulation;

namespace HeaderGen.Stack.Tap;

/// <summary>
/// Runs a simulation against real TAP devices: the virtual clock follows the wall clock, frames the kernel writes
/// are handed to their NIC as they arrive, and due events fire in between.
/// </summary>
public sealed class RealTimeRunner
{
    private readonly Scheduler _scheduler;
    private readonly List<(TapDevice Tap, Nic Nic)> _ports = new();
    private TapDevice[] _taps = [];
    /// <summary>Frames read from one TAP device before the clock is advanced again (a NAPI-like budget).</summary>
    private const int ReadBatch = 64;

    private readonly byte[] _buffer = new byte[PacketBuffer.SizeFor(NicOptions.MaxMtu)];

    /// <summary>Creates a runner for <paramref name="scheduler"/>.</summary>
    public RealTimeRunner(Scheduler scheduler) => _scheduler = scheduler;

    /// <summary>Plugs <paramref name="nic"/> (created with <c>FcsOnWire = false</c>) into <paramref name="tap"/>.</summary>
    public void Attach(TapDevice tap, Nic nic)
    {
        if (nic.Options.FcsOnWire)
        {
            throw new ArgumentException("A TAP wire carries no FCS: create the NIC with NicOptions.FcsOnWire = false.", nameof(nic));
        }
        nic.Attach(tap);
        _ports.Add((tap, nic));
        _taps = [.. _taps, tap];
    }

    /// <summary>Runs until <paramref name="done"/> says so or <paramref name="timeout"/> passes; true when <paramref name="done"/> ended it.</summary>
    public bool RunUntil(Func<bool> done, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        long origin = _scheduler.Now;
        while (clock.Elapsed < timeout)
        {
            if (done())
            {
                return true;
            }
            bool busy = false;
            foreach (var (tap, nic) in _ports)
            {
                for (int i = 0; i < ReadBatch && tap.TryRead(_buffer, out int length); i++)
                {
                    nic.ReceiveFromWire(_buffer.AsSpan(0, length));
                    busy = true;
                }
            }
            _scheduler.RunUntil(origin + (long)(clock.Elapsed.TotalMilliseconds * 1_000_000));
            if (!busy)
            {
                // Nothing came: wait for the kernel's next frame, or a millisecond for the clock's due events.
                TapDevice.WaitReadable(_taps, 1);
            }
        }
        return done();
    }
}
