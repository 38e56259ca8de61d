namespace NetGen.Generator.Tests;

/// <summary>
/// The generated code is read like code, so no line of any representative network's output may run past 140
/// characters: long calls put one named argument per line, long comments wrap. Every network file in
/// <see cref="Sources"/> (tests/NetGen.TestNetworks) is checked, so a network added for a snapshot is covered here too.
/// </summary>
public class GeneratedLineLengthTests
{
    private const int MaxLineLength = 140;

    public static TheoryData<string> Networks() => new(Sources.All());

    [Theory]
    [MemberData(nameof(Networks))]
    public void No_generated_line_is_longer_than_140_characters(string network)
    {
        string generated = Assert.Single(GeneratorHarness.Run(Sources.Read(network)).Generated);
        string[] tooLong = generated.Split('\n')
            .Select((line, index) => (Line: line, Number: index + 1))
            .Where(l => l.Line.Length > MaxLineLength)
            .Select(l => $"line {l.Number} ({l.Line.Length} characters): {l.Line}")
            .ToArray();
        Assert.True(tooLong.Length == 0, $"{network}:\n{string.Join("\n", tooLong)}");
    }
}
