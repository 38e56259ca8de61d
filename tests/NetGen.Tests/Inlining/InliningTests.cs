using System.Reflection;
using System.Runtime.CompilerServices;
using NetGen.Runtime;

namespace NetGen.Tests.Inlining;

/// <summary>
/// The kernels' loop bodies must be inlined in the code users run: tiered code with dynamic PGO. A length check inlined
/// with its interpolated message once used up the inlining budget of the kernel it sat in, so the kernel called its
/// operator once per vector (and a small product its micro-kernel step once per depth step) and ran up to 4× slower
/// than with PGO off, with no test noticing (docs/benchmarks.md, "Inlining under tiered PGO"). This test trains and runs
/// networks over the kernel catalogue in a child process until their code is rejitted at Tier1 and reads the JIT's
/// disassembly: no optimized NetGen.Runtime method may call a vector body marked AggressiveInlining or build a message
/// inline. (Calls of a span's trivial members, Slice or the conversion to ReadOnlySpan, remain in the largest kernels,
/// the convolutions, pooling and a few per-row epilogues, once per call or per row: docs/benchmarks.md lists them.)
/// </summary>
public sealed class InliningTests
{
    private static readonly Lazy<IReadOnlyList<JittedMethod>> Listing = new(JitListing.OfProbe);

    [Fact]
    public void The_probe_brings_every_kernel_family_to_tier1()
    {
        HashSet<string> optimized = Listing.Value.Where(method => method.Optimized && IsRuntime(method.Type)).Select(method => method.Type).ToHashSet();
        string[] families =
        [
            "NetGen.Runtime.SmallGemm", "NetGen.Runtime.Epilogue", "NetGen.Runtime.SoftmaxCrossEntropy", "NetGen.Runtime.Adam",
            "NetGen.Runtime.Sgd", "NetGen.Runtime.RmsProp", "NetGen.Runtime.AdaGrad", "NetGen.Runtime.BatchNorm",
            "NetGen.Runtime.LayerNorm", "NetGen.Runtime.Dropout", "NetGen.Runtime.DirectConv", "NetGen.Runtime.Pooling",
        ];
        Assert.All(families, family => Assert.True(optimized.Contains(family), $"no method of {family} reached Tier1 in the probe"));
    }

    /// <summary>
    /// A vector body (an operator's Invoke on vectors, a micro-kernel step, a tile store) or a whole SimdLoop left as a
    /// call. A scalar element body (Invoke(float), Element(nuint)) may stay a call: it runs in the tails, fewer than a
    /// vector's lanes per loop, and it is the inline the JIT drops first when a kernel's budget is spent.
    /// </summary>
    [Fact]
    public void Optimized_kernels_call_no_inline_only_vector_body()
    {
        HashSet<string> inlineOnly = AggressivelyInlined(typeof(Gemm).Assembly);
        Assert.Contains("NetGen.Runtime.MicroKernel512:Step", inlineOnly); // the set is read from the attributes, not empty
        AssertNoCall(call => inlineOnly.Contains(JitListing.Qualified(call)) && !JitListing.TakesScalarsOnly(call), "calls a vector body or loop marked AggressiveInlining");
    }

    [Fact]
    public void Optimized_kernels_build_no_message_inline()
    {
        // A throw's message belongs in an out-of-line helper (SpanErrors and its kind): built inline it spends the budget.
        AssertNoCall(call => call.StartsWith("System.Runtime.CompilerServices.DefaultInterpolatedStringHandler:", StringComparison.Ordinal), "builds a message inline");
    }

    private static void AssertNoCall(Func<string, bool> forbidden, string what)
    {
        string[] offenders = Listing.Value
            .Where(method => method.Optimized && IsRuntime(method.Type))
            .SelectMany(method => method.Calls.Where(forbidden).Distinct().Select(call => $"{method.Type}:{method.Name} ({method.Tier}) → {call}"))
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToArray();
        Assert.True(offenders.Length == 0, $"{offenders.Length} optimized kernel(s) {what}:\n{string.Join("\n", offenders)}");
    }

    private static bool IsRuntime(string type) => type.StartsWith("NetGen.Runtime.", StringComparison.Ordinal);

    /// <summary>"Type:Name" of every method of <paramref name="assembly"/> marked MethodImplOptions.AggressiveInlining.</summary>
    private static HashSet<string> AggressivelyInlined(Assembly assembly)
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly;
        return assembly.GetTypes()
            .SelectMany(type => type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)))
            .Where(method => (method.MethodImplementationFlags & MethodImplAttributes.AggressiveInlining) != 0)
            .Select(method => $"{JitName(method.DeclaringType!)}:{method.Name}")
            .ToHashSet();
    }

    /// <summary>A type as the JIT's listing names it: namespace and nesting (Outer+Inner), without the generic arity.</summary>
    private static string JitName(Type type)
    {
        string name = type.FullName ?? type.Name;
        int arity = name.IndexOf('`');
        return arity < 0 ? name : name[..arity];
    }
}
