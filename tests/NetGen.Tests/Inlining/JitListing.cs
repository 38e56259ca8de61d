using System.Diagnostics;

namespace NetGen.Tests.Inlining;

/// <summary>One method as the JIT compiled it: its tier and the callees its code still calls.</summary>
/// <param name="Type">The declaring type without generic arguments ("NetGen.Runtime.Epilogue").</param>
/// <param name="Name">The method without its signature or generic arguments ("BiasActivation").</param>
/// <param name="Signature">The listing's whole header name, generic arguments and parameters included.</param>
/// <param name="Tier">"Tier0", "Instrumented Tier0", "Tier1", "Tier1-OSR", "FullOpts", ...</param>
/// <param name="Calls">Each call instruction's callee as the listing names it, signature included (helpers such as CORINFO_HELP_* as they are named).</param>
internal sealed record JittedMethod(string Type, string Name, string Signature, string Tier, IReadOnlyList<string> Calls)
{
    /// <summary>Code that runs for the rest of the process: the tiered rejit, its on-stack-replacement form, or code jitted fully optimized at once.</summary>
    public bool Optimized => Tier is "Tier1" or "Tier1-OSR" or "FullOpts";
}

/// <summary>
/// Runs tests/NetGen.Inlining.Probe with the JIT's disassembly on (DOTNET_JitDisasm, written to DOTNET_JitStdOutFile) and
/// reads the listing back: every optimized compilation of a NetGen.Runtime method, with the calls left in its code.
/// </summary>
internal static class JitListing
{
    private const string Header = "; Assembly listing for method ", Footer = "; Total bytes of code";

    /// <summary>How many times the probe is run for a listing in which no two compilations' lines are interleaved.</summary>
    private const int Attempts = 3;

    /// <summary>The optimized compilations of NetGen.Runtime methods, for the probe's networks trained and run to Tier1.</summary>
    public static IReadOnlyList<JittedMethod> OfProbe()
    {
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return Parse(RunProbe());
            }
            catch (InterleavedListingException) when (attempt < Attempts)
            {
                // The background compiler's Tier1 listing overlapped one the main thread wrote: run the probe again.
            }
        }
    }

    private static string[] RunProbe()
    {
        string folder = Directory.CreateTempSubdirectory("netgen-jit-").FullName, listing = Path.Combine(folder, "jit.txt");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "NetGen.Inlining.Probe.dll"));
        start.Environment["DOTNET_JitDisasm"] = "NetGen.Runtime.*:*";
        start.Environment["DOTNET_JitDisasmOnlyOptimized"] = "1";
        start.Environment["DOTNET_JitStdOutFile"] = listing;
        // Promote as soon as the call counts are reached, rather than after a quiet 100 ms: on a loaded machine the delay
        // could outlast a network's run. Dynamic PGO stays on (the instrumented tier runs first), as users run it. Without
        // on-stack replacement the main thread compiles (and lists) less while the background compiler lists Tier1 code:
        // the JIT writes a listing line by line, so two compilations at once interleave.
        start.Environment["DOTNET_TC_CallCountingDelayMs"] = "0";
        start.Environment["DOTNET_TC_OnStackReplacement"] = "0";
        using Process process = Process.Start(start)!;
        Task<string> errors = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        try
        {
            Assert.True(process.ExitCode == 0, $"the probe exited with {process.ExitCode}:\n{output}{errors.Result}");
            Assert.True(File.Exists(listing), $"the probe wrote no disassembly to {listing}: DOTNET_JitStdOutFile did not reach the runtime");
            return File.ReadAllLines(listing);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>
    /// The methods of a JitDisasm listing: a header line per compilation, its instructions, a footer. A header inside
    /// another compilation's lines means two compilations wrote at once: <see cref="InterleavedListingException"/>.
    /// </summary>
    internal static IReadOnlyList<JittedMethod> Parse(IEnumerable<string> lines)
    {
        var methods = new List<JittedMethod>();
        string? signature = null, tier = null;
        var calls = new List<string>();
        foreach (string line in lines)
        {
            if (line.StartsWith(Header, StringComparison.Ordinal))
            {
                if (signature is not null)
                {
                    throw new InterleavedListingException($"{line} begins inside the listing of {signature}");
                }

                // "; Assembly listing for method NetGen.Runtime.Adam:Update(...) (Tier1)": the tier is the last parentheses.
                string rest = line[Header.Length..].TrimEnd();
                int open = rest.LastIndexOf(" (", StringComparison.Ordinal);
                signature = open < 0 ? rest : rest[..open];
                tier = open < 0 ? "" : rest[(open + 2)..].TrimEnd(')');
                calls = [];
                continue;
            }

            if (signature is not null && line.StartsWith(Footer, StringComparison.Ordinal))
            {
                (string type, string name) = Split(signature);
                methods.Add(new JittedMethod(type, name, signature, tier!, calls));
                signature = null;
                continue;
            }

            string instruction = line.TrimStart();
            if (signature is not null && instruction.StartsWith("call ", StringComparison.Ordinal))
            {
                calls.Add(Callee(instruction["call ".Length..]));

            }
        }

        return methods; // a listing cut off by the process's exit is dropped: its calls are incomplete
    }

    /// <summary>A callee as "Type:Name" ("NetGen.Runtime.X:Invoke" for "NetGen.Runtime.X`1[T]:Invoke(...)"), or a helper's name.</summary>
    public static string Qualified(string callee)
    {
        (string type, string name) = Split(callee);
        return name.Length == 0 ? type : $"{type}:{name}";
    }

    /// <summary>Whether every parameter of the callee ("...:Invoke(float,float):float:this") is a scalar number.</summary>
    public static bool TakesScalarsOnly(string callee)
    {
        int colon = TypeEnd(callee);
        string name = colon < 0 ? "" : callee[(colon + 1)..];
        int open = name.IndexOf('('), close = name.IndexOf(')');
        if (open < 0 || close < open)
        {
            return false;
        }

        string[] parameters = name[(open + 1)..close].Split(',', StringSplitOptions.RemoveEmptyEntries);
        return parameters.All(parameter => parameter is "float" or "double" or "int" or "uint" or "long" or "ulong" or "nint" or "nuint");
    }

    /// <summary>"[NetGen.Runtime.X`1[T]:Invoke(...)]", "rax ; System.Y:Z()" or "CORINFO_HELP_THROW" without brackets or register.</summary>
    private static string Callee(string operand)
    {
        string callee = operand.Trim();
        int comment = callee.IndexOf("; ", StringComparison.Ordinal);
        if (comment >= 0)
        {
            callee = callee[(comment + 2)..]; // an indirect call: "rax ; Name" names the target in a comment
        }

        return callee.Trim('[', ']', ' ');
    }

    /// <summary>"NetGen.Runtime.SimdLoop:Map[...](...)" as ("NetGen.Runtime.SimdLoop", "Map"): generic arguments and parameters dropped.</summary>
    private static (string Type, string Name) Split(string qualified)
    {
        int colon = TypeEnd(qualified);
        return colon < 0 ? (Plain(qualified), "") : (Plain(qualified[..colon]), Plain(qualified[(colon + 1)..]));
    }

    /// <summary>The index of the colon between type and method, outside any generic arguments or parameters; -1 if none.</summary>
    private static int TypeEnd(string qualified)
    {
        int depth = 0;
        for (int i = 0; i < qualified.Length; i++)
        {
            switch (qualified[i])
            {
                case '[' or '(':
                    depth++;
                    break;
                case ']' or ')':
                    depth--;
                    break;
                case ':' when depth == 0:
                    return i;
            }
        }

        return -1;
    }

    /// <summary>A name up to its generic arity, generic arguments or parameter list.</summary>
    private static string Plain(string name)
    {
        int end = name.IndexOfAny(['`', '[', '(']);
        return end < 0 ? name : name[..end];
    }
}

/// <summary>Two compilations' listings overlap, so their instructions cannot be told apart.</summary>
internal sealed class InterleavedListingException(string message) : Exception(message);
