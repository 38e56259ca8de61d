using NetGen.Equivalence;
using Xunit.Abstractions;

namespace NetGen.Parity.Tests;

/// <summary>Every network declared in this project, generated vs interpreted (see <see cref="GraphEquivalence"/>).</summary>
public class GraphEquivalenceTests(ITestOutputHelper output)
{
    public static IEnumerable<object[]> Networks => GraphEquivalence.NetworksIn(typeof(GraphEquivalenceTests).Assembly);

    [Theory]
    [MemberData(nameof(Networks))]
    public void Generated_and_interpreted_networks_agree_on_outputs_gradients_and_20_steps(string name)
    {
        Type type = typeof(GraphEquivalenceTests).Assembly.GetTypes().Single(t => t.Name == name && typeof(INetwork).IsAssignableFrom(t));
        double worst = GraphEquivalence.Check(type);
        output.WriteLine($"{name}: largest relative difference {worst:E2}");
    }
}
