using HeaderGen.Checksums;

namespace HeaderGen.Protocols;

/// <summary>
/// The Ethernet frame check sequence (IEEE 802.3, 3.2.9): the CRC-32 of every byte of the frame before it,
/// destination address to end of padding, sent least significant byte first.
/// </summary>
[Header("Ethernet FCS")]
public partial struct EthernetTrailer
{
    /// <summary>The CRC-32/ISO-HDLC of the frame's bytes before the trailer.</summary>
    [LittleEndian, Crc(CrcAlgorithm.Crc32, CrcCoverage.Preceding)] public uint FrameCheckSequence;
}
