using System;
using System.IO;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;
using Xunit.Sdk;

namespace HeaderGen.Generators.Tests.Infrastructure;

/// <summary>
/// Compares text with <c>Snapshots/{name}.verified.cs</c> (the Verify.SourceGenerators convention). On a mismatch it
/// writes <c>{name}.received.cs</c> beside it and fails with a line diff; with <c>HEADERGEN_ACCEPT_SNAPSHOTS=1</c> it
/// writes the verified file instead. The generator's version is scrubbed, so a release does not churn every file.
/// </summary>
internal static partial class Snapshot
{
    public const string AcceptVariable = "HEADERGEN_ACCEPT_SNAPSHOTS";

    public static void Verify(string actual, string name, [CallerFilePath] string testFile = "")
    {
        var directory = Path.Combine(Path.GetDirectoryName(testFile)!, "Snapshots");
        var verifiedPath = Path.Combine(directory, name + ".verified.cs");
        var receivedPath = Path.Combine(directory, name + ".received.cs");
        actual = Scrub(actual);

        if (Environment.GetEnvironmentVariable(AcceptVariable) == "1")
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(verifiedPath, actual);
            File.Delete(receivedPath);
            return;
        }

        var expected = File.Exists(verifiedPath) ? File.ReadAllText(verifiedPath).ReplaceLineEndings("\n") : null;
        if (expected == actual)
        {
            File.Delete(receivedPath);
            return;
        }

        Directory.CreateDirectory(directory);
        File.WriteAllText(receivedPath, actual);
        var message = new StringBuilder();
        message.AppendLine(expected is null
            ? $"No snapshot {verifiedPath}; the output was written to {receivedPath}."
            : $"Generated source differs from {verifiedPath}; the output was written to {receivedPath}.");
        message.AppendLine($"Review the diff, then accept with {AcceptVariable}=1 dotnet test.");
        if (expected is not null)
        {
            AppendDiff(message, expected, actual);
        }
        throw new XunitException(message.ToString());
    }

    private static void AppendDiff(StringBuilder message, string expected, string actual)
    {
        var diff = InlineDiffBuilder.Diff(expected, actual, ignoreWhiteSpace: false);
        int shown = 0;
        for (int i = 0; i < diff.Lines.Count && shown < 60; i++)
        {
            var line = diff.Lines[i];
            if (line.Type is ChangeType.Inserted or ChangeType.Deleted)
            {
                message.Append(line.Type == ChangeType.Inserted ? "+ " : "- ").Append(line.Position?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "").Append(": ").AppendLine(line.Text);
                shown++;
            }
        }
    }

    private static string Scrub(string text) =>
        GeneratorVersion().Replace(text.ReplaceLineEndings("\n"), "GeneratedCodeAttribute(\"HeaderGen.Generators\", \"{version}\")");

    [GeneratedRegex("GeneratedCodeAttribute\\(\"HeaderGen\\.Generators\", \"[^\"]*\"\\)")]
    private static partial Regex GeneratorVersion();
}
