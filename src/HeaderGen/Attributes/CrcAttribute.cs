using System;
using HeaderGen.Checksums;

namespace HeaderGen;

/// <summary>What a CRC covers.</summary>
public enum CrcCoverage
{
    /// <summary>
    /// The header is a trailer: the CRC covers every byte before it (Ethernet's FCS). The CRC must be the header's
    /// only field; the generator emits <c>TryAppend</c> and <c>Verify</c> over a buffer that ends with the trailer.
    /// </summary>
    Preceding,

    /// <summary>The header's own bytes before the CRC field; the views get <c>Fill{Field}</c> and <c>Verify{Field}</c>.</summary>
    HeaderBeforeField,
}

/// <summary>
/// Marks an unsigned integer field as a CRC, by a catalogue name or by the Rocksoft-model parameters (width,
/// polynomial, initial value, input and output reflection, final XOR). Invalid parameters are compile-time errors.
/// The generator emits <c>Compute{Field}</c> and the members that fill and verify it.
/// </summary>
[AttributeUsage(AttributeTargets.Field, AllowMultiple = false, Inherited = false)]
public sealed class CrcAttribute : Attribute
{
    /// <summary>A CRC from the catalogue.</summary>
    public CrcAttribute(CrcAlgorithm algorithm, CrcCoverage coverage)
    {
        Algorithm = algorithm;
        Coverage = coverage;
    }

    /// <summary>A CRC by its parameters; set <see cref="Initial"/>, <see cref="ReflectIn"/>, <see cref="ReflectOut"/> and <see cref="XorOut"/> as needed.</summary>
    public CrcAttribute(int width, ulong polynomial, CrcCoverage coverage)
    {
        Width = width;
        Polynomial = polynomial;
        Coverage = coverage;
    }

    /// <summary>The catalogue algorithm, when one was named.</summary>
    public CrcAlgorithm? Algorithm { get; }

    /// <summary>What the CRC covers.</summary>
    public CrcCoverage Coverage { get; }

    /// <summary>Width in bits, 1 to 64.</summary>
    public int Width { get; }

    /// <summary>The polynomial in normal form without its top bit.</summary>
    public ulong Polynomial { get; }

    /// <summary>The register's initial value.</summary>
    public ulong Initial { get; set; }

    /// <summary>Whether input bytes are processed least significant bit first.</summary>
    public bool ReflectIn { get; set; }

    /// <summary>Whether the result is bit-reversed before the final XOR.</summary>
    public bool ReflectOut { get; set; }

    /// <summary>The value XORed into the result.</summary>
    public ulong XorOut { get; set; }
}
