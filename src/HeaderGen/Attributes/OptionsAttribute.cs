using System;

namespace HeaderGen;

/// <summary>
/// Says that a header's options region (the bytes between its fixed part and its <see cref="HeaderLengthAttribute"/>
/// length) is a list of elements, each a header of type <see cref="Element"/> whose own length field says where the
/// next starts (Geneve's TLV options, RFC 8926 3.5). The views get <c>OptionList</c>, an allocation-free
/// <see cref="Options.OptionList{T}"/> over the region; the layer decoder's <c>Describe</c> lists the elements and says
/// where a bad length stops them; <see cref="Options.OptionWriter"/> builds the region.
/// </summary>
[AttributeUsage(AttributeTargets.Struct, AllowMultiple = false, Inherited = false)]
public sealed class OptionsAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="element">The <c>[Header]</c> type of each element.</param>
    public OptionsAttribute(Type element) => Element = element;

    /// <summary>The <c>[Header]</c> type of each element.</summary>
    public Type Element { get; }
}
