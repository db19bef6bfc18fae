using System;
using System.Collections.Generic;

namespace HeaderGen.Stack.Capture;

/// <summary>Keeps a copy of every frame a medium carries (and hands it on to another tap, such as a pcap writer): for tests and examples, not hot paths.</summary>
public sealed class FrameRecorder : IFrameTap
{
    private readonly List<CapturedFrame> _frames = new();

    /// <summary>Records frames, passing each on to <paramref name="next"/> if given.</summary>
    public FrameRecorder(IFrameTap? next = null) => Next = next;

    /// <summary>The tap each frame is handed on to.</summary>
    public IFrameTap? Next { get; }

    /// <summary>The frames so far, with their FCS.</summary>
    public IReadOnlyList<CapturedFrame> Frames => _frames;

    /// <inheritdoc/>
    public void Capture(long time, ReadOnlySpan<byte> frame)
    {
        _frames.Add(new CapturedFrame(time, frame.ToArray()));
        Next?.Capture(time, frame);
    }
}
