namespace HeaderGen.Stack.Routing;

/// <summary>IPv4 prefixes (RFC 4632): the mask of a prefix length.</summary>
public static class Prefix
{
    /// <summary>The network mask of a prefix length of 0 to 32 bits.</summary>
    public static uint Mask(int length) => length == 0 ? 0 : uint.MaxValue << (32 - length);
}
