namespace HeaderGen.Stack.Tcp;

/// <summary>Comparisons of 32-bit sequence numbers modulo 2^32 (RFC 9293, 3.4): a is before b when b - a, as a signed number, is positive.</summary>
internal static class SequenceNumber
{
    public static bool Lt(uint a, uint b) => (int)(a - b) < 0;

    public static bool Le(uint a, uint b) => (int)(a - b) <= 0;

    public static bool Gt(uint a, uint b) => (int)(a - b) > 0;

    public static bool Ge(uint a, uint b) => (int)(a - b) >= 0;

    /// <summary>Whether <paramref name="x"/> lies in [<paramref name="start"/>, <paramref name="start"/> + <paramref name="length"/>).</summary>
    public static bool InWindow(uint x, uint start, uint length) => x - start < length;
}
