namespace HeaderGen.Generators.Model;

/// <summary>What the project's C# version and options let the generated code use (an equatable value for the incremental pipeline).</summary>
/// <param name="FileScopedNamespace">C# 10: <c>namespace N;</c>, a level of indentation less on every line.</param>
/// <param name="ViewInterfaces">
/// C# 13: ref structs implement interfaces, so the views implement <c>IReadOnlyHeaderView</c> and <c>IHeaderView</c>
/// and their members inherit those interfaces' documentation instead of carrying a copy.
/// </param>
/// <param name="ExtensionMembers">
/// C# 14: extension members, so the overloads every header has alike (the reads and writes without an error) are the
/// runtime's <c>HeaderExtensions</c>', written once, instead of a copy in each header.
/// </param>
/// <param name="Documented">
/// Whether anything reads doc comments: the compiler does when it writes a documentation file
/// (<c>DocumentationMode.Diagnose</c>) and the IDE always does (it parses them, <c>DocumentationMode.Parse</c>, for its
/// tooltips), but <c>dotnet build</c> of a project without <c>GenerateDocumentationFile</c> treats them as plain comments
/// (<c>DocumentationMode.None</c>). There the generated code carries none: about a quarter of its text, which every
/// build would otherwise read for nothing.
/// </param>
internal readonly record struct LanguageFeatures(bool FileScopedNamespace, bool ViewInterfaces, bool ExtensionMembers, bool Documented)
{
    public static readonly LanguageFeatures None = default;

    /// <summary>
    /// The features of a <c>LanguageVersion</c> given as its number (1000 is C# 10), which the generator's minimum Roslyn
    /// may not name, for a project whose doc comments are read (<paramref name="documented"/>) or not.
    /// </summary>
    public static LanguageFeatures Of(int languageVersion, bool documented) => new(languageVersion >= 1000, languageVersion >= 1300, languageVersion >= 1400, documented);
}
