namespace HeaderGen.Tests.Declarations;

/// <summary>What the <see cref="OptionalHeader"/>'s Mode says follows.</summary>
public enum OptionalMode : byte
{
    Plain = 0,
    Addressed = 2,
}

/// <summary>
/// A made-up header with optional fields of every kind a condition can govern: a flag bit over a word, an enum equal
/// to a value over an IPv4 address, an integer other than zero over a 128-bit field, and a flag over two fields.
/// </summary>
[Header("Optional")]
public partial struct OptionalHeader
{
    [Bits(1)] public bool HasTag;
    [Bits(1)] public bool HasPair;
    [Bits(6)] public byte Reserved;
    public OptionalMode Mode;
    public byte Wide;

    [PresentWhen(nameof(HasTag))] public ushort? Tag;
    [PresentWhen(nameof(Mode), (ulong)OptionalMode.Addressed)] public Ipv4Address? Address;
    [PresentWhen(nameof(Wide))] public System.UInt128? Token;
    [PresentWhen(nameof(HasPair))] public byte? First;
    [PresentWhen(nameof(HasPair))] public OptionalMode? Second;
}
