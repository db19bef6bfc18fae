using System;
using System.Collections.Generic;

namespace HeaderGen.Stack.Simulation;

/// <summary>Something the scheduler can fire at a virtual time: a device, a wire, a timer. Implemented by long-lived objects so that scheduling allocates nothing.</summary>
public interface ISimulationEvent
{
    /// <summary>Runs the event at virtual time <paramref name="now"/> with the argument it was scheduled with.</summary>
    void Fire(long now, long argument);
}

/// <summary>
/// The virtual clock and event queue that run a whole simulated network deterministically: events fire in time
/// order, ties in the order they were scheduled, and all randomness comes from <see cref="Random"/>, seeded, so the
/// same seed gives the same run. Time is in nanoseconds.
/// </summary>
public sealed class Scheduler
{
    private readonly PriorityQueue<(ISimulationEvent Target, long Argument), (long Time, long Sequence)> _queue = new(256);
    private long _sequence;

    /// <summary>Creates a scheduler at time zero whose randomness comes from <paramref name="seed"/>.</summary>
    public Scheduler(int seed = 1)
    {
        Seed = seed;
        Random = new Random(seed);
    }

    /// <summary>The seed the run's randomness comes from.</summary>
    public int Seed { get; }

    /// <summary>The run's only source of randomness (wire loss and corruption).</summary>
    public Random Random { get; }

    /// <summary>The current virtual time in nanoseconds.</summary>
    public long Now { get; private set; }

    /// <summary>Events waiting to fire.</summary>
    public int Pending => _queue.Count;

    /// <summary>Events fired so far.</summary>
    public long Fired { get; private set; }

    /// <summary>Schedules <paramref name="target"/> at absolute time <paramref name="time"/> (not before now).</summary>
    public void At(long time, ISimulationEvent target, long argument = 0) =>
        _queue.Enqueue((target, argument), (Math.Max(time, Now), _sequence++));

    /// <summary>Schedules <paramref name="target"/> <paramref name="delay"/> nanoseconds from now.</summary>
    public void After(long delay, ISimulationEvent target, long argument = 0) => At(Now + delay, target, argument);

    /// <summary>
    /// Takes back a pending event of <paramref name="target"/> with <paramref name="argument"/> (a timer
    /// whose reason went away, such as an ARP retry after the reply came); false when there is none.
    /// </summary>
    public bool Cancel(ISimulationEvent target, long argument = 0) => _queue.Remove((target, argument), out _, out _);

    /// <summary>Fires the next event; false when none is waiting.</summary>
    public bool RunOne()
    {
        if (!_queue.TryDequeue(out var item, out var priority))
        {
            return false;
        }
        Now = priority.Time;
        Fired++;
        item.Target.Fire(Now, item.Argument);
        return true;
    }

    /// <summary>Fires events until none is left, or <paramref name="maxEvents"/> have fired (a guard against a run that never settles).</summary>
    public long RunUntilIdle(long maxEvents = 10_000_000)
    {
        long fired = 0;
        while (fired < maxEvents && RunOne())
        {
            fired++;
        }
        return fired;
    }

    /// <summary>Fires the events due up to <paramref name="time"/> and advances the clock to it.</summary>
    public void RunUntil(long time)
    {
        while (_queue.TryPeek(out _, out var priority) && priority.Time <= time)
        {
            RunOne();
        }
        Now = Math.Max(Now, time);
    }

    /// <summary>Nanoseconds in a microsecond, millisecond and second, for readable delays.</summary>
    public const long Microsecond = 1_000, Millisecond = 1_000_000, Second = 1_000_000_000;
}
