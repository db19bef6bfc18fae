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
    private int _stale;

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

    /// <summary>Events waiting to fire (stopped timers not counted).</summary>
    public int Pending => _queue.Count - _stale;

    /// <summary>Events fired so far.</summary>
    public long Fired { get; private set; }

    /// <summary>Schedules <paramref name="target"/> at absolute time <paramref name="time"/> (not before now).</summary>
    public void At(long time, ISimulationEvent target, long argument = 0) =>
        _queue.Enqueue((target, argument), (Math.Max(time, Now), _sequence++));

    /// <summary>Schedules <paramref name="target"/> <paramref name="delay"/> nanoseconds from now.</summary>
    public void After(long delay, ISimulationEvent target, long argument = 0) => At(Now + delay, target, argument);

    /// <summary>Starts <paramref name="timer"/> to fire <paramref name="delay"/> nanoseconds from now; a timer already running is restarted.</summary>
    public void Start(SimulationTimer timer, long delay)
    {
        ArgumentNullException.ThrowIfNull(timer);
        Stop(timer);
        timer.Token = ++_sequence;
        _queue.Enqueue((timer, timer.Token), (Math.Max(Now + delay, Now), timer.Token));
    }

    /// <summary>
    /// Stops <paramref name="timer"/> in O(1) (a timer whose reason went away, such as an ARP retry after the reply
    /// came): its queue entry stays until it is due and is then dropped without firing or moving the clock.
    /// </summary>
    public void Stop(SimulationTimer timer)
    {
        ArgumentNullException.ThrowIfNull(timer);
        if (timer.Token != 0)
        {
            timer.Token = 0;
            _stale++;
        }
    }

    /// <summary>Fires the next event; false when none is waiting.</summary>
    public bool RunOne()
    {
        DropStale();
        if (!_queue.TryDequeue(out var item, out var priority))
        {
            return false;
        }
        Now = priority.Time;
        Fired++;
        if (item.Target is SimulationTimer timer)
        {
            timer.Token = 0;
        }
        item.Target.Fire(Now, item.Argument);
        return true;
    }

    // Stopped timers' entries at the head of the queue are dropped before anything looks at the head.
    private void DropStale()
    {
        while (_stale > 0 && _queue.TryPeek(out var head, out _) && head.Target is SimulationTimer timer && timer.Token != head.Argument)
        {
            _queue.Dequeue();
            _stale--;
        }
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
        while (PeekTime(out long next) && next <= time)
        {
            RunOne();
        }
        Now = Math.Max(Now, time);
    }

    private bool PeekTime(out long time)
    {
        DropStale();
        bool any = _queue.TryPeek(out _, out var priority);
        time = priority.Time;
        return any;
    }

    /// <summary>Nanoseconds in a microsecond, millisecond and second, for readable delays.</summary>
    public const long Microsecond = 1_000, Millisecond = 1_000_000, Second = 1_000_000_000;
}
