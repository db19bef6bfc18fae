namespace HeaderGen.Generators.Parsing;

/// <summary>The metadata names of the attributes the parsers read: one place for both parsers.</summary>
internal static class AttributeNames
{
    public const string Header = "HeaderGen.HeaderAttribute";
    public const string Bits = "HeaderGen.BitsAttribute";
    public const string Constant = "HeaderGen.ConstantAttribute";
    public const string HeaderLength = "HeaderGen.HeaderLengthAttribute";
    public const string WireSize = "HeaderGen.WireSizeAttribute";
    public const string InlineArray = "System.Runtime.CompilerServices.InlineArrayAttribute";
    public const string InternetChecksum = "HeaderGen.InternetChecksumAttribute";
    public const string Crc = "HeaderGen.CrcAttribute";
    public const string LittleEndian = "HeaderGen.LittleEndianAttribute";
    public const string LinkLayer = "HeaderGen.LinkLayerAttribute";
    public const string BindsTo = "HeaderGen.BindsToAttribute";
    public const string NextLayer = "HeaderGen.NextLayerAttribute";
    public const string TotalLength = "HeaderGen.TotalLengthAttribute";
    public const string Carries = "HeaderGen.CarriesAttribute";
    public const string LayersNamespace = "HeaderGen.LayersNamespaceAttribute";
    public const string PseudoHeaderOf = "HeaderGen.PseudoHeaderOfAttribute";
    public const string Options = "HeaderGen.OptionsAttribute";
    public const string PresentWhen = "HeaderGen.PresentWhenAttribute";
    public const string PayloadSelector = "HeaderGen.PayloadSelectorAttribute";
    public const string FrameTemplate = "HeaderGen.FrameTemplateAttribute";
}
