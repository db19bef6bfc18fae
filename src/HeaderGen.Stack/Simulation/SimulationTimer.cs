namespace HeaderGen.Stack.Simulation;

/// <summary>
/// A timer run by <see cref="Scheduler.Start"/> and stopped by <see cref="Scheduler.Stop"/> in O(1): the scheduler
/// recognises the live entry by a token, so a stopped or restarted timer's old entry is dropped when it comes due.
/// </summary>
public abstract class SimulationTimer : ISimulationEvent
{
    /// <summary>The sequence number of the live queue entry; 0 when the timer is not running.</summary>
    internal long Token { get; set; }

    /// <summary>Whether the timer is running.</summary>
    public bool IsRunning => Token != 0;

    /// <summary>What the timer does when it fires.</summary>
    protected abstract void OnFire(long now);

    void ISimulationEvent.Fire(long now, long argument) => OnFire(now);
}
