// Writes a Wireshark Lua plugin for every [Header] of the assemblies named on the command line:
//   dotnet run --project tools/HeaderGen.Wireshark -- path/to/YourProtocols.dll [more.dll ...] [-o plugin.lua]
// then: tshark -X lua_script:plugin.lua -r capture.pcap   (or copy it to ~/.local/lib/wireshark/plugins/)
using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;
using HeaderGen.Wireshark;

var assemblies = new List<Assembly>();
string? output = null;
for (int i = 0; i < args.Length; i++)
{
    if (args[i] is "-o" or "--output" && i + 1 < args.Length)
    {
        output = args[++i];
        continue;
    }
    string path = Path.GetFullPath(args[i]);
    if (!File.Exists(path))
    {
        Console.Error.WriteLine($"{path}: no such assembly");
        return 2;
    }
    // Dependencies (HeaderGen.dll and the assembly's own references) are looked for beside it.
    string directory = Path.GetDirectoryName(path)!;
    AssemblyLoadContext.Default.Resolving += (context, name) =>
        File.Exists(Path.Combine(directory, name.Name + ".dll")) ? context.LoadFromAssemblyPath(Path.Combine(directory, name.Name + ".dll")) : null;
    assemblies.Add(AssemblyLoadContext.Default.LoadFromAssemblyPath(path));
}
if (assemblies.Count == 0)
{
    Console.Error.WriteLine("usage: HeaderGen.Wireshark <assembly.dll> [more.dll ...] [-o plugin.lua]");
    return 2;
}
string lua = LuaDissector.Generate(assemblies.ToArray());
if (output is null)
{
    Console.Write(lua);
}
else
{
    File.WriteAllText(output, lua);
    Console.Error.WriteLine($"{output}: {LuaDissector.HeaderTypes(assemblies.ToArray()).Count} headers");
}
return 0;
