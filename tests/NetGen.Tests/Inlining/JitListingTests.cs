namespace NetGen.Tests.Inlining;

/// <summary>The reading of a JitDisasm listing that <see cref="InliningTests"/> relies on, on listings written by hand.</summary>
public sealed class JitListingTests
{
    private static readonly string[] TwoMethods =
    [
        "; Assembly listing for method NetGen.Runtime.Epilogue:BiasActivation[NetGen.Runtime.Relu](System.ReadOnlySpan`1[float],NetGen.Runtime.Relu,int,System.Span`1[float],int):NetGen.Runtime.SimdCoverage (Tier1)",
        "; Tier1 code",
        "G_M000_IG01:                ;; offset=0x0000",
        "       call     [NetGen.Runtime.BiasActivationOperator`1[NetGen.Runtime.Relu]:Invoke(System.Runtime.Intrinsics.Vector512`1[float],System.Runtime.Intrinsics.Vector512`1[float]):System.Runtime.Intrinsics.Vector512`1[float]:this]",
        "       call     [NetGen.Runtime.ActivationOperator`1[NetGen.Runtime.Tanh]:Invoke(float):float:this]",
        "       call     rax ; System.Threading.Thread:YieldInternal():int",
        "       call     CORINFO_HELP_RNGCHKFAIL",
        "; Total bytes of code 120",
        "",
        "; Assembly listing for method NetGen.Runtime.Adam:Update(System.ReadOnlySpan`1[float]) (Tier0)",
        "       call     [NetGen.Runtime.SpanErrors:TooShort(System.String,int,long)]",
        "; Total bytes of code 40",
    ];

    [Fact]
    public void Reads_each_compilation_with_its_tier_and_calls()
    {
        IReadOnlyList<JittedMethod> methods = JitListing.Parse(TwoMethods);
        Assert.Equal(2, methods.Count);
        Assert.Equal(("NetGen.Runtime.Epilogue", "BiasActivation", "Tier1", true), (methods[0].Type, methods[0].Name, methods[0].Tier, methods[0].Optimized));
        Assert.Equal(
            ["NetGen.Runtime.BiasActivationOperator:Invoke", "NetGen.Runtime.ActivationOperator:Invoke", "System.Threading.Thread:YieldInternal", "CORINFO_HELP_RNGCHKFAIL"],
            methods[0].Calls.Select(JitListing.Qualified));
        Assert.Equal(("NetGen.Runtime.Adam", "Tier0", false), (methods[1].Type, methods[1].Tier, methods[1].Optimized));
    }

    [Fact]
    public void Tells_scalar_element_bodies_from_vector_bodies()
    {
        string[] calls = JitListing.Parse(TwoMethods)[0].Calls.ToArray();
        Assert.False(JitListing.TakesScalarsOnly(calls[0]));
        Assert.True(JitListing.TakesScalarsOnly(calls[1]));
        Assert.False(JitListing.TakesScalarsOnly("CORINFO_HELP_RNGCHKFAIL"));
    }

    [Fact]
    public void Refuses_a_listing_that_begins_inside_another()
    {
        string[] interleaved = [.. TwoMethods[..4], TwoMethods[9], .. TwoMethods[4..9], .. TwoMethods[10..]];
        Assert.Throws<InterleavedListingException>(() => JitListing.Parse(interleaved));
    }

    [Fact]
    public void Drops_a_listing_cut_off_by_the_exit()
    {
        Assert.Single(JitListing.Parse(TwoMethods[..^1]));
    }
}
