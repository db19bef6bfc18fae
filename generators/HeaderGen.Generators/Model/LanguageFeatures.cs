namespace HeaderGen.Generators.Model;

/// <summary>What the project's C# version lets the generated code use (an equatable value for the incremental pipeline).</summary>
/// <param name="FileScopedNamespace">C# 10: <c>namespace N;</c>, a level of indentation less on every line.</param>
/// <param name="ViewInterfaces">
/// C# 13: ref structs implement interfaces, so the views implement <c>IReadOnlyHeaderView</c> and <c>IHeaderView</c>
/// and their members inherit those interfaces' documentation instead of carrying a copy.
/// </param>
internal readonly record struct LanguageFeatures(bool FileScopedNamespace, bool ViewInterfaces)
{
    public static readonly LanguageFeatures None = default;

    /// <summary>The features of a <c>LanguageVersion</c> given as its number (1000 is C# 10), which the generator's minimum Roslyn may not name.</summary>
    public static LanguageFeatures Of(int languageVersion) => new(languageVersion >= 1000, languageVersion >= 1300);
}
