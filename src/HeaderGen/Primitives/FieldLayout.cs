namespace HeaderGen;

/// <summary>
/// Where a field lies in its header, counted from the header's first byte and its most significant bit: what each
/// generated <c>Fields</c> table holds per field (<c>Ipv4Header.Fields.TimeToLive.ByteOffset</c> is 8).
/// </summary>
/// <param name="BitOffset">Its first bit, from the header's first.</param>
/// <param name="BitWidth">Its width in bits.</param>
public readonly record struct FieldLayout(int BitOffset, int BitWidth)
{
    /// <summary>The byte that holds its first bit.</summary>
    public int ByteOffset => BitOffset / 8;

    /// <summary>The bytes it touches, from <see cref="ByteOffset"/> to the byte that holds its last bit.</summary>
    public int ByteLength => (BitOffset + BitWidth - 1) / 8 - ByteOffset + 1;
}
