using System;

namespace HeaderGen.Stack.Capture;

/// <summary>Sees every frame a medium carries, as it carries it (with the FCS when the medium has one).</summary>
public interface IFrameTap
{
    /// <summary>One frame, at virtual time <paramref name="time"/> (ns).</summary>
    void Capture(long time, ReadOnlySpan<byte> frame);
}
