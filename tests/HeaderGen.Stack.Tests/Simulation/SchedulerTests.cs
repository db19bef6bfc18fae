using System.Collections.Generic;
using HeaderGen.Stack.Simulation;
using Xunit;

namespace HeaderGen.Stack.Tests.Simulation;

public class SchedulerTests
{
    private sealed class Recorder(List<(string, long)> log, string name) : SimulationTimer
    {
        protected override void OnFire(long now) => log.Add((name, now));
    }

    [Fact]
    public void Timers_fire_in_time_order_and_a_stopped_timer_neither_fires_nor_moves_the_clock()
    {
        var scheduler = new Scheduler();
        var log = new List<(string, long)>();
        var a = new Recorder(log, "a");
        var b = new Recorder(log, "b");
        var c = new Recorder(log, "c");
        scheduler.Start(a, 30);
        scheduler.Start(b, 10);
        scheduler.Start(c, 50);
        scheduler.Stop(c);
        Assert.Equal(2, scheduler.Pending);
        Assert.False(c.IsRunning);

        scheduler.RunUntilIdle();
        Assert.Equal([("b", 10L), ("a", 30L)], log);
        Assert.Equal(30, scheduler.Now);
        Assert.Equal(0, scheduler.Pending);
        Assert.False(a.IsRunning);
    }

    [Fact]
    public void Restarting_a_timer_replaces_its_earlier_deadline()
    {
        var scheduler = new Scheduler();
        var log = new List<(string, long)>();
        var a = new Recorder(log, "a");
        scheduler.Start(a, 10);
        scheduler.Start(a, 25);
        Assert.Equal(1, scheduler.Pending);
        scheduler.RunUntil(20);
        Assert.Empty(log);
        scheduler.RunUntilIdle();
        Assert.Equal([("a", 25L)], log);
    }

    [Fact]
    public void Stopping_many_timers_in_reverse_order_leaves_nothing_to_run()
    {
        // Stopping used to search the queue (PriorityQueue.Remove): 40,000 stops in reverse order were quadratic.
        var scheduler = new Scheduler();
        var log = new List<(string, long)>();
        var timers = new List<Recorder>();
        for (int i = 0; i < 40_000; i++)
        {
            var timer = new Recorder(log, "t");
            timers.Add(timer);
            scheduler.Start(timer, Scheduler.Second + i);
        }
        for (int i = timers.Count - 1; i >= 0; i--)
        {
            scheduler.Stop(timers[i]);
            scheduler.Stop(timers[i]);
        }
        Assert.Equal(0, scheduler.Pending);
        Assert.Equal(0, scheduler.RunUntilIdle());
        Assert.Equal(0, scheduler.Now);
        Assert.Empty(log);
    }
}
